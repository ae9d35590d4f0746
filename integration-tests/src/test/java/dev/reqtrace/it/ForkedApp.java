package dev.reqtrace.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One application JVM forked with {@code -javaagent:<agent jar>}: the command, its captured output
 * and its end. Every line of stdout and stderr is kept (thread-safe, in arrival order) and copied
 * to {@code target/it-logs/<name>.log}; {@link #awaitLine} waits on that list with a deadline
 * instead of sleeping. {@link #close()} kills the JVM and its child processes.
 */
public final class ForkedApp implements AutoCloseable {
  /** Agent log lines start with this prefix (DESIGN: "The agent's own log"). */
  public static final String AGENT_PREFIX = "[reqtrace]";

  private static final Pattern READY = Pattern.compile("READY port=(\\d+)");
  private static final Pattern LEVEL = Pattern.compile("\\b(TRACE|DEBUG|INFO|WARN|ERROR)\\b");

  private final String name;
  private final Process process;
  private final List<Predicate<String>> expectedProblems;
  private final List<Runnable> onClose;
  private final PrintWriter logFile;
  private final List<String> lines = new ArrayList<>(); // guarded by this
  private final List<Thread> pumps = new ArrayList<>();
  private volatile int port = -1;
  private int problemsCheckedUpTo; // guarded by this

  private ForkedApp(Builder b, List<String> command) throws IOException {
    this.name = b.name;
    this.expectedProblems = new CopyOnWriteArrayList<>(b.expectedProblems);
    this.onClose = List.copyOf(b.onClose);
    Path logs = Files.createDirectories(Harness.moduleDir().resolve("target/it-logs"));
    this.logFile = new PrintWriter(Files.newBufferedWriter(logs.resolve(name + ".log")), true);
    logFile.println("# " + String.join(" ", command));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(b.environment);
    if (b.workDir != null) {
      pb.directory(b.workDir.toFile());
    }
    this.process = pb.start();
    pumps.add(pump(process.getInputStream(), "out"));
    pumps.add(pump(process.getErrorStream(), "err"));
  }

  /** A builder for a JVM named {@code name} (used for the log file and thread names). */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  private Thread pump(InputStream stream, String kind) {
    Thread t = new Thread(() -> {
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          add(line);
        }
      } catch (IOException e) {
        add("# harness: " + kind + " pump failed: " + e);
      }
    }, "it-pump-" + name + "-" + kind);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private synchronized void add(String line) {
    lines.add(line);
    logFile.println(line);
    notifyAll();
  }

  /** The port from {@code READY port=<n>} or the one the harness chose. */
  public int port() {
    if (port < 0) {
      throw new IllegalStateException(name + " is not ready");
    }
    return port;
  }

  /** Every line so far, stdout and stderr interleaved in arrival order. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /** The number of lines so far; with {@link #linesSince} scopes assertions to one action. */
  public synchronized int mark() {
    return lines.size();
  }

  /** The lines that arrived after {@code mark}. */
  public synchronized List<String> linesSince(int mark) {
    return List.copyOf(lines.subList(mark, lines.size()));
  }

  /** The first line matching, waiting until {@code timeout}; fails with the output tail. */
  public String awaitLine(Predicate<String> matcher, Duration timeout) {
    return awaitLines(0, matcher, 1, timeout).get(0);
  }

  /**
   * Waits until at least {@code count} lines after {@code mark} match; returns all matching lines
   * seen by then. Fails (with the last lines of output) at the deadline or when the JVM exits.
   */
  public synchronized List<String> awaitLines(
      int mark, Predicate<String> matcher, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> found = new ArrayList<>();
    int scanned = mark;
    while (true) {
      for (; scanned < lines.size(); scanned++) {
        if (matcher.test(lines.get(scanned))) {
          found.add(lines.get(scanned));
        }
      }
      if (found.size() >= count) {
        return found;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || (!process.isAlive() && pumpsDone())) {
        throw new AssertionError(name + ": expected " + count + " matching line(s) after line "
            + mark + ", found " + found.size() + (process.isAlive() ? "" : "; the JVM exited")
            + "\n--- last output lines:\n" + String.join("\n", tail(40)));
      }
      try {
        // A monitor wait with the deadline: woken by every new line, never a fixed sleep.
        wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 200_000_000L))));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  private boolean pumpsDone() {
    return pumps.stream().noneMatch(Thread::isAlive);
  }

  /** Waits up to {@code timeout} for any new line (used between readiness polls). */
  synchronized void awaitOutput(int mark, Duration timeout) {
    if (lines.size() > mark || !process.isAlive()) {
      return;
    }
    try {
      wait(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The last {@code n} lines, for failure messages. */
  public synchronized List<String> tail(int n) {
    return List.copyOf(lines.subList(Math.max(0, lines.size() - n), lines.size()));
  }

  /** The forked JVM's process ID, e.g. for {@code jcmd}. */
  public long pid() {
    return process.pid();
  }

  /** Whether the forked JVM still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Agent WARN/ERROR lines (and "reqtrace: not started" lines) not declared expected. The agent
   * logs {@code [reqtrace] ...}; its level is the first level word of the line.
   */
  public List<String> unexpectedAgentProblems() {
    return unexpectedAgentProblems(lines());
  }

  private List<String> unexpectedAgentProblems(List<String> candidates) {
    List<String> problems = new ArrayList<>();
    for (String line : candidates) {
      if (isAgentProblem(line) && expectedProblems.stream().noneMatch(p -> p.test(line))) {
        problems.add(line);
      }
    }
    return problems;
  }

  static boolean isAgentProblem(String line) {
    if (line.startsWith("reqtrace: not started")) {
      return true;
    }
    if (!line.startsWith(AGENT_PREFIX)) {
      return false;
    }
    Matcher level = LEVEL.matcher(line);
    return level.find() && (level.group(1).equals("WARN") || level.group(1).equals("ERROR"));
  }

  /**
   * Declares agent WARN/ERROR lines matching {@code regex} (find) expected from now on, e.g. the
   * error report of one request that failed on purpose.
   */
  public void expectAgentProblem(String regex) {
    Pattern p = Pattern.compile(regex);
    expectedProblems.add(line -> p.matcher(line).find());
  }

  /** Fails when the agent logged a WARN/ERROR line the test did not declare. */
  public void assertNoUnexpectedAgentProblems() {
    failOn(unexpectedAgentProblems());
  }

  /**
   * Like {@link #assertNoUnexpectedAgentProblems()}, for the lines since the previous call only:
   * run after every test of a shared app, one bad line fails one test, not all later ones.
   */
  public void assertNoNewUnexpectedAgentProblems() {
    List<String> fresh;
    synchronized (this) {
      fresh = List.copyOf(lines.subList(problemsCheckedUpTo, lines.size()));
      problemsCheckedUpTo = lines.size();
    }
    failOn(unexpectedAgentProblems(fresh));
  }

  private void failOn(List<String> problems) {
    if (!problems.isEmpty()) {
      throw new AssertionError(name + ": unexpected agent WARN/ERROR line(s):\n"
          + String.join("\n", problems));
    }
  }

  /** Kills the JVM and its process tree, then runs the builder's clean-up actions. */
  @Override
  public void close() {
    try {
      process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        add("# harness: " + name + " did not exit 30 s after SIGKILL");
      }
      for (Thread pump : pumps) {
        pump.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      onClose.forEach(Runnable::run);
      logFile.close();
    }
  }

  private void awaitReady(Builder b) {
    if (b.httpReadyPath == null) {
      String ready = awaitLine(READY.asPredicate(), b.startTimeout);
      Matcher m = READY.matcher(ready);
      m.find();
      port = Integer.parseInt(m.group(1));
      return;
    }
    // No READY line from a stock container: poll HTTP until it answers 200.
    long deadline = System.nanoTime() + b.startTimeout.toNanos();
    Http http = new Http(b.httpPort);
    while (true) {
      int mark = mark();
      try {
        if (http.get(b.httpReadyPath).status() == 200) {
          port = b.httpPort;
          return;
        }
      } catch (UncheckedIOException notYet) {
        // not listening yet
      }
      if (System.nanoTime() > deadline || !process.isAlive()) {
        throw new AssertionError(name + " did not answer 200 on " + b.httpReadyPath + " within "
            + b.startTimeout + (process.isAlive() ? "" : " (JVM exited)")
            + "\n--- last output lines:\n" + String.join("\n", tail(40)));
      }
      awaitOutput(mark, Duration.ofMillis(100));
    }
  }

  /** Command line and expectations of one forked JVM. */
  public static final class Builder {
    private final String name;
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> launch = new ArrayList<>();
    private final List<Predicate<String>> expectedProblems = new ArrayList<>();
    private final List<Runnable> onClose = new ArrayList<>();
    private final java.util.Map<String, String> environment = new java.util.HashMap<>();
    private String agentArgs;
    private Path agentJar;
    private boolean withAgent = true;
    private Path workDir;
    private String httpReadyPath;
    private int httpPort;
    private Duration startTimeout = Duration.ofSeconds(120);

    private Builder(String name) {
      this.name = name;
    }

    /** A JVM option placed after {@code -javaagent} (e.g. {@code -Dreqtrace.log.level=debug}). */
    public Builder jvmArg(String arg) {
      jvmArgs.add(arg);
      return this;
    }

    /** {@code -D<key>=<value>}. */
    public Builder sysProp(String key, String value) {
      return jvmArg("-D" + key + "=" + value);
    }

    /** Text after {@code -javaagent:<jar>=}. */
    public Builder agentArgs(String args) {
      this.agentArgs = args;
      return this;
    }

    /** Another agent jar than {@link Harness#agentJar()} (a renamed copy). */
    public Builder agentJar(Path jar) {
      this.agentJar = jar;
      return this;
    }

    /** Forks without {@code -javaagent} (to check an app by itself). */
    public Builder withoutAgent() {
      this.withAgent = false;
      return this;
    }

    /** What follows the JVM options: {@code -cp <path> <main> <args>} or {@code -jar <jar>}. */
    public Builder launch(String... args) {
      launch.addAll(List.of(args));
      return this;
    }

    /** The working directory of the JVM. */
    public Builder workDir(Path dir) {
      this.workDir = dir;
      return this;
    }

    /** An environment variable of the JVM. */
    public Builder env(String key, String value) {
      environment.put(key, value);
      return this;
    }

    /** Ready when GET {@code path} on {@code port} answers 200, instead of a READY line. */
    public Builder readyWhenHttpOk(int port, String path) {
      this.httpPort = port;
      this.httpReadyPath = path;
      return this;
    }

    /** How long start-up may take (default 120 s: Spring Boot on two busy cores). */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /** Declares agent WARN/ERROR lines matching {@code regex} (find) as expected. */
    public Builder expectAgentProblem(String regex) {
      Pattern p = Pattern.compile(regex);
      expectedProblems.add(line -> p.matcher(line).find());
      return this;
    }

    /** Runs after the JVM is dead (e.g. deletes a temporary catalina.base). */
    public Builder onClose(Runnable action) {
      onClose.add(action);
      return this;
    }

    /** Forks the JVM and waits until it is ready; kills it again if it is not. */
    public ForkedApp start() {
      List<String> command = new ArrayList<>();
      command.add(Harness.javaBinary().toString());
      if (withAgent) {
        command.add("-javaagent:" + (agentJar == null ? Harness.agentJar() : agentJar)
            + (agentArgs == null ? "" : "=" + agentArgs));
      }
      command.add("-Xmx512m");
      command.addAll(jvmArgs);
      command.addAll(launch);
      ForkedApp app;
      try {
        app = new ForkedApp(this, command);
      } catch (IOException e) {
        onClose.forEach(Runnable::run);
        throw new UncheckedIOException("cannot fork " + command, e);
      }
      try {
        app.awaitReady(this);
        return app;
      } catch (RuntimeException | Error e) {
        app.close();
        throw e;
      }
    }

    @Override
    public String toString() {
      return name.toLowerCase(Locale.ROOT);
    }
  }
}
