package dev.reqtrace.statsd;

import java.util.concurrent.atomic.LongAdder;

/**
 * Every line that will never reach the daemon, whatever the cause. The total is the
 * {@code reqtrace.dropped} counter itself, so it is reported with the next flush like any
 * other counter; queue-full drops are also counted apart because they happen on request
 * threads, which must not call the error handler: the sender reports them.
 */
final class Drops {
  final Counter counter;
  private final LongAdder queueFull = new LongAdder();

  Drops(Counter counter) {
    this.counter = counter;
  }

  /** A request thread found the ring full. */
  void queueFull() {
    queueFull.increment();
    counter.increment();
  }

  /** The sender lost {@code lines} lines (unresolvable host, send failure, oversized line). */
  void lost(long lines) {
    counter.add(lines);
  }

  long queueFullTotal() {
    return queueFull.sum();
  }

  long total() {
    return counter.total();
  }
}
