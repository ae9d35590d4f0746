package dev.reqtrace.statsd;

import java.util.concurrent.atomic.LongAdder;

/**
 * A StatsD counter ({@code |c}), aggregated in the client: increments only add to a striped
 * {@link LongAdder} (no allocation, no lock, no queue), and each flush sends one line with the
 * sum since the previous flush, or nothing if it is zero.
 *
 * <p>Counters are always sent unsampled with the exact sum, whatever sample rate the client
 * or meter has: the client already sees every increment, so sampling would only add error.
 *
 * <p>Obtain from {@link StatsdClient#counter}; keep the handle, creating one costs a lookup.
 */
public final class Counter {
  final LineTemplate template;
  private final LongAdder sum = new LongAdder();
  /** The total already sent; touched by the sender thread only. */
  private long sent;

  Counter(LineTemplate template) {
    this.template = template;
  }

  /** Adds one. Safe from any thread, never blocks. */
  public void increment() {
    sum.increment();
  }

  /** Adds {@code delta} (may be negative, as StatsD counters allow). */
  public void add(long delta) {
    sum.add(delta);
  }

  /** Everything added since the counter was created, sent or not. */
  public long total() {
    return sum.sum();
  }

  /**
   * The amount to send now. Never resets the adder: {@code sumThenReset} on JDK 11 can lose an
   * increment racing with it, while the difference of two sums is exact once quiet.
   */
  long takeDelta() {
    long now = sum.sum();
    long delta = now - sent;
    sent = now;
    return delta;
  }
}
