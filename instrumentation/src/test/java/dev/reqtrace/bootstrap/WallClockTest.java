package dev.reqtrace.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WallClockTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @Test
  void aReadingTakenNowIsTheWallClockNow() {
    long before = System.currentTimeMillis();
    long nanos = System.nanoTime();
    long millis = WallClock.epochMillisAt(nanos, nanos);
    // Within the anchor's age of drift and the two clocks' granularity.
    assertThat(millis).isBetween(before - 5, System.currentTimeMillis() + 5);
  }

  @Test
  void anEarlierReadingIsThatMuchEarlierOnTheWallClock() {
    long nanos = System.nanoTime();
    long now = WallClock.epochMillisAt(nanos, nanos);
    assertThat(WallClock.epochMillisAt(nanos - 1500 * 1_000_000L, nanos)).isEqualTo(now - 1500);
    assertThat(WallClock.epochMillisAt(nanos - 1, nanos)).isBetween(now - 1, now);
  }

  @Test
  void anAnchorOlderThanASecondIsRenewed() {
    long nanos = System.nanoTime();
    // A "now" two seconds ahead makes the anchor look stale: it is renewed from the real clocks,
    // and a reading taken just now still maps to the wall clock now.
    long before = System.currentTimeMillis();
    long millis = WallClock.epochMillisAt(nanos, nanos + 2 * SECOND);
    assertThat(millis).isBetween(before - 5, System.currentTimeMillis() + 5);
  }

  @Test
  void aRequestHasItsWallClockStart() {
    long before = System.currentTimeMillis();
    Activation a = RequestScope.start("GET", "/x", null, null);
    a.end(200, null, null);
    assertThat(a.scope().startEpochMillis()).isBetween(before - 5, System.currentTimeMillis() + 5);
  }
}
