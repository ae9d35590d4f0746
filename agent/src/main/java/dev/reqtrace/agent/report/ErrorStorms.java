package dev.reqtrace.agent.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps an error storm out of the log. Identical errors (same kind: exception class, route and
 * top frame) get one full report per window; the others are counted, and when the window ends
 * one line says how many there were. Across all kinds at most {@link #MAX_FULL_PER_WINDOW} full
 * reports per window: past it, errors of new kinds are only counted too. Lock-free, as it runs
 * on request threads: a window is closed by swapping its count for {@link #CLOSED}, and an error
 * that finds its window closed starts over, so no error goes uncounted.
 */
final class ErrorStorms {
  /** Full reports per window, all kinds together. */
  static final int MAX_FULL_PER_WINDOW = 20;
  /** A closed window's count: far enough below zero that late increments never reach it. */
  private static final long CLOSED = Long.MIN_VALUE / 2;

  private final long windowNanos;
  private final String windowText;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Window> ended = new ConcurrentLinkedQueue<>();
  private final AtomicLong budgetStart;
  private final AtomicInteger budgetUsed = new AtomicInteger();
  private final AtomicLong overflow = new AtomicLong();

  ErrorStorms(Duration window, long nowNanos) {
    this.windowNanos = window.toNanos();
    this.windowText = describe(window);
    this.budgetStart = new AtomicLong(nowNanos);
  }

  /**
   * Whether this error gets a full report; when not, it is counted in its kind's summary.
   *
   * @param kind what makes errors identical
   * @param description how the summary names the kind
   */
  boolean admit(String kind, String description, String requestId, long nowNanos) {
    while (true) {
      Window open = windows.get(kind);
      if (open != null && nowNanos - open.start < windowNanos) {
        if (open.count(requestId)) {
          return false;
        }
        continue; // closed under us: its summary is written, this error belongs to the next
      }
      if (!takeBudget(nowNanos)) {
        overflow.incrementAndGet();
        return false;
      }
      Window fresh = new Window(nowNanos, description);
      boolean won = open == null ? windows.putIfAbsent(kind, fresh) == null
          : windows.replace(kind, open, fresh);
      if (!won) {
        budgetUsed.decrementAndGet(); // another thread opened or closed it first: look again
        continue;
      }
      if (open != null) {
        ended.add(open);
      }
      return true;
    }
  }

  /** The summary lines of every window that ended by {@code nowNanos}; those windows are dropped. */
  List<String> summaries(long nowNanos) {
    return collect(nowNanos, false);
  }

  /** Everything still counted, as summary lines, whatever the windows (at shutdown). */
  List<String> flush(long nowNanos) {
    return collect(nowNanos, true);
  }

  private List<String> collect(long nowNanos, boolean all) {
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, Window> entry : windows.entrySet()) {
      Window window = entry.getValue();
      if ((all || nowNanos - window.start >= windowNanos)
          && windows.remove(entry.getKey(), window)) {
        ended.add(window);
      }
    }
    for (Window window; (window = ended.poll()) != null; ) {
      long more = window.suppressed.getAndSet(CLOSED);
      if (more > 0) {
        lines.add(String.format(Locale.ROOT,
            "... and %,d more identical errors in the last %s: %s (last request_id=%s)",
            more, windowText, window.description, window.lastRequestId));
      }
    }
    if (all || nowNanos - budgetStart.get() >= windowNanos) {
      long others = overflow.getAndSet(0);
      if (others > 0) {
        lines.add(String.format(Locale.ROOT,
            "... and %,d more errors of other kinds in the last %s, not reported in full"
                + " (at most %d full error reports per %s)",
            others, windowText, MAX_FULL_PER_WINDOW, windowText));
      }
    }
    return lines;
  }

  private boolean takeBudget(long nowNanos) {
    long start = budgetStart.get();
    if (nowNanos - start >= windowNanos && budgetStart.compareAndSet(start, nowNanos)) {
      budgetUsed.set(0);
    }
    return budgetUsed.incrementAndGet() <= MAX_FULL_PER_WINDOW;
  }

  /** "minute", "5 minutes", "30 s", "1500 ms". */
  static String describe(Duration window) {
    long seconds = window.getSeconds();
    if (window.getNano() == 0 && seconds > 0 && seconds % 60 == 0) {
      return seconds == 60 ? "minute" : seconds / 60 + " minutes";
    }
    return window.getNano() == 0 ? seconds + " s" : window.toMillis() + " ms";
  }

  /** The errors of one kind since its last full report. */
  private static final class Window {
    final long start;
    final String description;
    final AtomicLong suppressed = new AtomicLong();
    volatile String lastRequestId;

    Window(long start, String description) {
      this.start = start;
      this.description = description;
    }

    /** Counts one error; {@code false} when the window was closed (the count did not happen). */
    boolean count(String requestId) {
      if (suppressed.incrementAndGet() < 0) {
        return false;
      }
      lastRequestId = requestId;
      return true;
    }
  }
}
