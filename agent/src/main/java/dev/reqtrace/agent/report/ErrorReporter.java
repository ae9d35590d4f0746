package dev.reqtrace.agent.report;

import dev.reqtrace.agent.config.Config;
import dev.reqtrace.agent.config.Keys;
import dev.reqtrace.agent.record.RequestSink;
import dev.reqtrace.agent.scrub.Scrubber;
import dev.reqtrace.bootstrap.RequestScope;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * One ERROR report in the agent log per failed request (an exception escaped, or the status is
 * 5xx), whatever the exporters: see {@link ErrorReport}. Storms are summarised by
 * {@link ErrorStorms}; the thread {@code reqtrace-errors} writes the summaries when windows end.
 */
public final class ErrorReporter implements RequestSink {
  private final Logger log;
  private final Scrubber scrubber;
  private final ErrorStorms storms;
  private final LongSupplier clock;
  private final LongAdder errors = new LongAdder();

  ErrorReporter(Logger log, Scrubber scrubber, Duration window, LongSupplier clock) {
    this.log = log;
    this.scrubber = scrubber;
    this.clock = clock;
    this.storms = new ErrorStorms(window, clock.getAsLong());
  }

  /** The reporter of {@code config}, its summary thread started and flushed at JVM shutdown. */
  public static ErrorReporter start(Config config, Scrubber scrubber, Logger log) {
    Duration window = config.get(Keys.ERROR_SUMMARY_INTERVAL);
    ErrorReporter reporter = new ErrorReporter(log, scrubber, window, System::nanoTime);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "reqtrace-errors");
      thread.setDaemon(true);
      return thread;
    });
    // A tenth of the window: a summary comes at most that late after its window ended.
    long tick = Math.max(100, Math.min(5_000, window.toMillis() / 10));
    timer.scheduleWithFixedDelay(reporter::writeSummaries, tick, tick, TimeUnit.MILLISECONDS);
    Runtime.getRuntime().addShutdownHook(new Thread(reporter::flush, "reqtrace-errors-flush"));
    return reporter;
  }

  @Override
  public void accept(RequestScope scope, String route) {
    if (scope.thrown() == null && scope.status() < 500) {
      return;
    }
    errors.increment();
    if (!log.isErrorEnabled()) {
      return;
    }
    if (storms.admit(ErrorReport.kind(scope, route), ErrorReport.describe(scope, route),
        scope.requestId(), clock.getAsLong())) {
      log.error(ErrorReport.format(scope, route, scrubber));
    }
  }

  /**
   * The exception an error is named and grouped by: a {@code ServletException} (jakarta, javax,
   * Spring's {@code NestedServletException}) that only wraps a cause gives way to it, or every
   * Spring MVC failure would be one kind with the dispatcher's top frame.
   */
  public static Throwable unwrap(Throwable thrown) {
    Throwable t = thrown;
    for (int depth = 0; t != null && t.getCause() != null && t.getCause() != t && depth < 8; depth++) {
      if (!t.getClass().getName().endsWith("ServletException")) {
        break;
      }
      t = t.getCause();
    }
    return t;
  }

  /** Failed requests since start, reported in full or not. */
  public long count() {
    return errors.sum();
  }

  /** Writes the summaries of the storm windows that ended. */
  void writeSummaries() {
    try {
      for (String line : storms.summaries(clock.getAsLong())) {
        log.error(line);
      }
    } catch (RuntimeException e) {
      log.debug("error summary failed: {}", e.toString()); // the timer must keep running
    }
  }

  /** Writes every pending summary, at shutdown: a storm's count must not die with the JVM. */
  void flush() {
    for (String line : storms.flush(clock.getAsLong())) {
      log.error(line);
    }
  }
}
