package dev.reqtrace.bench;

import example.benchapp.BenchServer;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The agent variants of the overhead benchmarks, and the check that each fork really runs the
 * variant it reports: a mistyped path, an agent that printed {@code reqtrace: not started} or a
 * stale command line must fail the run, not publish a "no overhead" figure.
 */
final class Agents {
  /*
   * Relative to the working directory (run from the repository root): JMH passes @Fork arguments
   * to the forked JVM verbatim and expands no ${...} placeholders. A missing jar makes the fork's
   * JVM refuse to start, so the run fails loudly.
   */
  static final String JAR = "agent/target/reqtrace-agent.jar";
  /*
   * Every fork's heap is fixed and touched at start-up (jvmArgs = {HEAP_MIN, HEAP_MAX, PRETOUCH}).
   * With a growing heap the request thread's TLAB refills touch fresh pages, and the kernel's
   * zeroing of them is counted as that thread's CPU: +1.4 µs per request in one profile of the
   * agent fork, which allocates more and so grew its heap longer.
   */
  static final String HEAP_MIN = "-Xms1g";
  static final String HEAP_MAX = "-Xmx1g";
  static final String PRETOUCH = "-XX:+AlwaysPreTouch";
  /** reqtrace with every exporter off: the bare hot path (request ID, MDC, span, JDBC record). */
  static final String EXPORTER_NONE = "-javaagent:" + JAR + "=exporter=none";
  /**
   * reqtrace exporting OTLP to a collector that is down (nothing listens on port 9 of loopback):
   * the request thread's OTLP work (metric recording, span queue) without any network.
   */
  static final String EXPORTER_OTLP_DOWN = "-javaagent:" + JAR
      + "=exporter=otlp,otlp.endpoint=http://127.0.0.1:9";
  /** reqtrace as shipped: the default {@code log} exporter. */
  static final String EXPORTER_LOG = "-javaagent:" + JAR;

  private Agents() {}

  /** Whether the running benchmark method is one of the agent variants. */
  static boolean expectsAgent(BenchmarkParams params) {
    return !params.getBenchmark().endsWith(".noAgent");
  }

  /**
   * Fails unless this JVM has the agent iff the benchmark method is not {@code noAgent}, judged by
   * the command line and by what the agent does: a servlet response carries {@code X-Request-ID}.
   *
   * @param response the raw response to a request of this JVM's {@link BenchServer}
   */
  static void check(BenchmarkParams params, String response) {
    boolean expected = expectsAgent(params);
    boolean flag = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .anyMatch(arg -> arg.startsWith("-javaagent:"));
    if (!response.startsWith("HTTP/1.1 200 ")) {
      throw new IllegalStateException("unexpected response:\n" + response);
    }
    boolean hasId = response.toLowerCase(Locale.ROOT).contains("\r\nx-request-id: ");
    if (flag != expected || hasId != expected) {
      throw new IllegalStateException(params.getBenchmark() + ": expected the agent "
          + (expected ? "working" : "absent") + " but -javaagent is " + (flag ? "set" : "not set")
          + " and X-Request-ID is " + (hasId ? "present" : "missing") + " (look for a"
          + " 'reqtrace: not started' line above)\n" + response);
    }
  }

  /** {@link #check} on a throwaway server, for benchmarks that serve no requests themselves. */
  static void checkWithProbeServer(BenchmarkParams params) throws Exception {
    try (BenchServer probe = BenchServer.start("probe")) {
      check(params, probe.connect().sendForText(BenchServer.get("/owners/1")));
    }
  }
}
