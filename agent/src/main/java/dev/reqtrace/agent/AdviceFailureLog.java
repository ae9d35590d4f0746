package dev.reqtrace.agent;

import dev.reqtrace.bootstrap.Failures;
import org.slf4j.Logger;

/**
 * Reports what the advice counted in {@link Failures}: advice never logs on a request thread, so
 * this runs on the agent's housekeeping thread, once a second, and writes at most one line per
 * failure kind per minute with the number of failures since the last line. The example is named
 * by its type and where it was thrown, never by its message, which may hold application data.
 */
final class AdviceFailureLog implements Runnable {
  private static final String[] KINDS = new String[Failures.KINDS];

  static {
    KINDS[Failures.MDC] = "writing the logging context (MDC)";
    KINDS[Failures.LISTENER] = "recording a finished request";
    KINDS[Failures.ASYNC] = "following an async request";
    KINDS[Failures.ADVICE] = "servlet or JDBC advice";
  }

  private final Logger log;
  private final Throttle throttle;
  private final long[] reported = new long[Failures.KINDS];

  AdviceFailureLog(Logger log, Throttle throttle) {
    this.log = log;
    this.throttle = throttle;
  }

  @Override
  public void run() {
    for (int kind = 0; kind < Failures.KINDS; kind++) {
      long count = Failures.count(kind);
      if (count > reported[kind] && throttle.acquire(KINDS[kind]) >= 0) {
        log.warn("{} failed {} time(s) since the last report; the application was served as usual"
            + " (the affected requests may lack their ID, span or metrics); first since then: {}",
            KINDS[kind], count - reported[kind], example(Failures.takeExample(kind)));
        reported[kind] = count;
      }
    }
  }

  private static String example(String described) {
    return described == null ? "unknown" : described;
  }
}
