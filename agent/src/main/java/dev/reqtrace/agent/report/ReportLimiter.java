package dev.reqtrace.agent.report;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets at most {@code perWindow} reports of one kind through per window and counts the rest, so a
 * storm of slow requests gives a handful of reports and one line saying how many were held back.
 * Lock-free: it runs on request threads.
 */
final class ReportLimiter {
  /** Reports of one kind let through per minute. */
  static final int DEFAULT_PER_MINUTE = 10;

  private final int perWindow;
  private final long windowNanos;
  private final AtomicLong windowStart;
  private final AtomicInteger used = new AtomicInteger();
  private final AtomicLong suppressed = new AtomicLong();

  ReportLimiter(int perWindow, long window, TimeUnit unit, long nowNanos) {
    this.perWindow = perWindow;
    this.windowNanos = unit.toNanos(window);
    this.windowStart = new AtomicLong(nowNanos);
  }

  static ReportLimiter perMinute() {
    return new ReportLimiter(DEFAULT_PER_MINUTE, 1, TimeUnit.MINUTES, System.nanoTime());
  }

  /**
   * Whether a report may be written at {@code nowNanos}.
   *
   * @return -1 when it must be suppressed, else how many were suppressed since the last one let
   *     through (to be mentioned once)
   */
  long acquire(long nowNanos) {
    long start = windowStart.get();
    if (nowNanos - start >= windowNanos && windowStart.compareAndSet(start, nowNanos)) {
      used.set(0);
    }
    if (used.incrementAndGet() > perWindow) {
      suppressed.incrementAndGet();
      return -1;
    }
    return suppressed.getAndSet(0);
  }

  /** Reports suppressed and not yet mentioned. */
  long pendingSuppressed() {
    return suppressed.get();
  }
}
