package dev.reqtrace.agent;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one event per kind through per period, counting the ones it holds back, so a failure storm
 * gives one log line a minute with the count of what was suppressed.
 */
public final class Throttle {
  private final long periodNanos;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  public Throttle(long period, TimeUnit unit) {
    this.periodNanos = unit.toNanos(period);
  }

  /** Per-minute throttle, the agent's rule for its own log. */
  public static Throttle perMinute() {
    return new Throttle(1, TimeUnit.MINUTES);
  }

  /**
   * Whether an event of {@code kind} may be reported now.
   *
   * @return -1 when it must be suppressed, else the number suppressed since the last one let through
   */
  public long acquire(String kind) {
    Window window = windows.computeIfAbsent(kind, k -> new Window());
    long now = System.nanoTime();
    long last = window.lastNanos.get();
    if (last != Long.MIN_VALUE && now - last < periodNanos) {
      window.suppressed.incrementAndGet();
      return -1;
    }
    if (!window.lastNanos.compareAndSet(last, now)) {
      window.suppressed.incrementAndGet();
      return -1;
    }
    return window.suppressed.getAndSet(0);
  }

  private static final class Window {
    final AtomicLong lastNanos = new AtomicLong(Long.MIN_VALUE);
    final AtomicLong suppressed = new AtomicLong();
  }
}
