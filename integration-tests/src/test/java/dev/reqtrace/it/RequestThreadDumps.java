package dev.reqtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * Thread dumps of a forked app under load ({@code jcmd PID Thread.print}), read for request
 * threads that wait in the agent: DESIGN's "never blocks" checked by what the threads are doing,
 * not by how fast they are.
 */
final class RequestThreadDumps {
  private static final int DUMPS = 10;
  private static final int CLIENTS = 4;
  /** Tomcat's and Jetty's worker thread names. */
  private static final Pattern REQUEST_THREAD =
      Pattern.compile("^\"(http-nio-[^\"]*-exec-\\d+|qtp\\d+-\\d+)\"");
  /** The agent's packages (the demo app's {@code dev.reqtrace.demo} is not one of them). */
  private static final Pattern AGENT_FRAME = Pattern.compile(
      "at dev\\.reqtrace\\.(agent|bootstrap|instrumentation|statsd|shaded)\\.");
  /** The JDK's own frames, which say nothing about whose code is waiting. */
  private static final Pattern JDK_FRAME =
      Pattern.compile("at (java|javax|jdk|sun|com\\.sun)\\.");
  /** A top frame in I/O: a RUNNABLE thread there may still be waiting on a socket or a pipe. */
  private static final Pattern IO_FRAME = Pattern.compile("at (sun\\.nio\\.ch\\.|sun\\.nio\\.fs\\."
      + "|java\\.net\\.|java\\.io\\.(FileOutputStream|FileInputStream|RandomAccessFile)\\.)");
  /**
   * A request thread working on a connection (reading, serving or writing a request), not idle in
   * its pool: the servlet frames alone are caught too rarely, the request being a small part of
   * a keep-alive exchange (none in ten dumps, once).
   */
  private static final Pattern SERVING = Pattern.compile("at (org\\.apache\\.coyote\\."
      + "|org\\.eclipse\\.jetty\\.server\\.|(jakarta|javax)\\.servlet\\.)");

  private RequestThreadDumps() {}

  /** One dump: threads working on a request, and the stacks of those waiting in the agent. */
  private record Sample(int serving, List<String> waitingInAgent) {}

  /**
   * Asserts that {@link #DUMPS} thread dumps of {@code app}, taken while {@link #CLIENTS} clients
   * keep it busy with {@code GET path(i)}, show no request thread waiting in the agent.
   */
  static void assertNoneWaitingInAgent(ForkedApp app, IntFunction<String> path) {
    assertThat(waitingInAgentUnderLoad(app, path))
        .as("request threads waiting in the agent or its exporter, in %d thread dumps under load",
            DUMPS)
        .isEmpty();
  }

  /**
   * {@link #DUMPS} thread dumps of the app while {@link #CLIENTS} clients keep it busy with
   * {@code GET path(i)} (all must answer 200): the stacks of request threads caught waiting in the
   * agent. Fails when no dump caught a request being worked on, where the check would pass unseen.
   */
  private static List<String> waitingInAgentUnderLoad(ForkedApp app, IntFunction<String> path) {
    Http http = new Http(app.port());
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        clients.add(pool.submit(() -> {
          for (int i = 0; !stop.get(); i++) {
            assertThat(http.get(path.apply(i)).status()).as("GET %s", path.apply(i)).isEqualTo(200);
          }
          return null;
        }));
      }
      List<String> waiting = new ArrayList<>();
      int serving = 0;
      for (int d = 0; d < DUMPS; d++) {
        Sample sample = take(app);
        serving += sample.serving();
        waiting.addAll(sample.waitingInAgent());
      }
      stop.set(true);
      for (Future<?> client : clients) {
        client.get();
      }
      assertThat(serving).as("request threads working on a request, in %d thread dumps", DUMPS)
          .isPositive();
      return waiting;
    } catch (ExecutionException e) {
      throw new AssertionError("a client failed while the app was dumped", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } finally {
      stop.set(true);
      pool.shutdownNow();
    }
  }

  /**
   * One dump: the stacks of request threads that wait (parked, blocked on a monitor, sleeping, or
   * in socket or file I/O) where the first frame below the JDK's is the agent's: its own code or
   * the OpenTelemetry SDK it shades. A request thread waiting in the application's code or a
   * library's (its logging, its database) is the application's business.
   */
  private static Sample take(ForkedApp app) {
    List<String> found = new ArrayList<>();
    int serving = 0;
    for (String block : dump(app).split("\\R\\R")) {
      String trimmed = block.strip();
      if (!REQUEST_THREAD.matcher(trimmed).find()) {
        continue;
      }
      if (SERVING.matcher(trimmed).find()) {
        serving++;
      }
      List<String> lines = trimmed.lines().map(String::strip).toList();
      String state = lines.size() > 1 ? lines.get(1) : "";
      String top = lines.size() > 2 ? lines.get(2) : "";
      boolean running = state.startsWith("java.lang.Thread.State: RUNNABLE");
      boolean inIo = IO_FRAME.matcher(top).lookingAt();
      if ((!running || inIo) && waitsInAgentCode(lines)) {
        found.add(trimmed);
      }
    }
    return new Sample(serving, found);
  }

  /** Whether the topmost frame that is not the JDK's belongs to the agent. */
  private static boolean waitsInAgentCode(List<String> lines) {
    for (String line : lines) {
      if (!line.startsWith("at ") || JDK_FRAME.matcher(line).lookingAt()) {
        continue;
      }
      return AGENT_FRAME.matcher(line).lookingAt();
    }
    return false;
  }

  /** The dump as text; jcmd writes to a file, so a hung jcmd cannot hold the read past its wait. */
  private static String dump(ForkedApp app) {
    String jcmd = Harness.javaBinary().resolveSibling("jcmd").toString();
    Path out = null;
    Process p = null;
    try {
      out = Files.createTempFile("reqtrace-thread-dump", ".txt");
      p = new ProcessBuilder(jcmd, Long.toString(app.pid()), "Thread.print")
          .redirectErrorStream(true).redirectOutput(out.toFile()).start();
      boolean exited = p.waitFor(60, TimeUnit.SECONDS);
      String text = Files.readString(out, StandardCharsets.UTF_8);
      if (!exited || p.exitValue() != 0) {
        throw new IllegalStateException("jcmd Thread.print " + (exited ? "failed" : "hung")
            + " for " + app + ": " + text);
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      if (p != null) {
        p.destroyForcibly();
      }
      if (out != null) {
        out.toFile().delete();
      }
    }
  }
}
