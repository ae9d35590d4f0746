package dev.reqtrace.statsd;

import java.util.concurrent.TimeUnit;

/** Calls the handler at most once per kind per minute and shields the sender from it. */
final class ErrorReporter {
  private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final StatsdErrorHandler handler;
  private final long[] lastReported = new long[StatsdErrorKind.values().length];
  private final boolean[] everReported = new boolean[lastReported.length];

  ErrorReporter(StatsdErrorHandler handler) {
    this.handler = handler;
  }

  /** Reports unless {@code kind} was reported less than a minute ago. */
  synchronized void report(StatsdErrorKind kind, String message) {
    long now = System.nanoTime();
    int k = kind.ordinal();
    if (everReported[k] && now - lastReported[k] < INTERVAL_NANOS) {
      return;
    }
    everReported[k] = true;
    lastReported[k] = now;
    try {
      handler.onError(kind, message);
    } catch (Throwable ignored) {
      // The handler is the agent's logging; its failure, even an Error (no heap left to format
      // the message, a logging framework's StackOverflowError), must not end the sender thread.
    }
  }
}
