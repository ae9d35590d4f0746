package dev.reqtrace.agent.report;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Lock-free log-linear histogram of durations in microseconds: exact below 16 µs, then eight
 * buckets per power of two (at most 12.5% apart), enough for p50/p90/p99 in a log summary.
 */
final class LatencyHistogram {
  private static final int LINEAR = 16;
  private static final int SUB = 8;
  private static final int MAX_EXPONENT = 40;
  static final int BUCKETS = LINEAR + (MAX_EXPONENT - 3) * SUB;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

  void record(long nanos) {
    counts.incrementAndGet(index(Math.max(0, nanos / 1000)));
  }

  static int index(long micros) {
    if (micros < LINEAR) {
      return (int) micros;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(micros);
    if (exponent >= MAX_EXPONENT) {
      return BUCKETS - 1;
    }
    int sub = (int) (micros >>> (exponent - 3)) & (SUB - 1);
    return LINEAR + (exponent - 4) * SUB + sub;
  }

  /** A representative value (the middle) of bucket {@code index}, in microseconds. */
  static double value(int index) {
    if (index < LINEAR) {
      return index;
    }
    int exponent = (index - LINEAR) / SUB + 4;
    int sub = (index - LINEAR) % SUB;
    long lower = (long) (SUB + sub) << (exponent - 3);
    long width = 1L << (exponent - 3);
    return lower + (width - 1) / 2.0;
  }

  /** The {@code p} quantile (0 < p <= 1) in microseconds; 0 when empty. */
  double quantile(double p) {
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      total += counts.get(i);
    }
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(p * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return value(i);
      }
    }
    return value(BUCKETS - 1);
  }
}
