package dev.reqtrace.bootstrap;

import java.util.concurrent.TimeUnit;

/**
 * Epoch milliseconds of a {@link System#nanoTime()} reading, from a pair of readings of both clocks
 * (the anchor) renewed when it is older than a second: requests read the wall clock once a second
 * in all, instead of once each (~25 ns of a ~0.9 µs hot path). A request's start is mapped when it
 * is asked for, at the request's end (span export, error report). Between the start and that
 * anchor the two clocks drift apart by parts per million (NTP slews the wall clock), as between a
 * request's start and the end its span derives from the start plus the {@code nanoTime} duration;
 * a wall-clock step is picked up by the next renewal.
 */
final class WallClock {
  private static final long RENEW_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static volatile Anchor anchor = new Anchor();

  private WallClock() {}

  /**
   * The epoch milliseconds at which {@link System#nanoTime()} read {@code nanos}.
   *
   * @param now a {@link System#nanoTime()} reading taken just now, to judge the anchor's age by
   */
  static long epochMillisAt(long nanos, long now) {
    Anchor current = anchor;
    if (now - current.nanos > RENEW_NANOS) {
      // Racing threads each renew once; any of their anchors is as good.
      current = new Anchor();
      anchor = current;
    }
    return current.millis + Math.floorDiv(nanos - current.nanos, 1_000_000L);
  }

  private static final class Anchor {
    final long millis = System.currentTimeMillis();
    final long nanos = System.nanoTime();
  }
}
