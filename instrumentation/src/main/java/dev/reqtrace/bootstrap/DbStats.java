package dev.reqtrace.bootstrap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * The JDBC statements of one request: count and total time of all of them, and the spans of the
 * first {@link #MAX_SPANS}. Lock-free, because async work of the request may run statements on
 * other threads at the same time; grouping by statement happens when the request is reported, off
 * the statement's path.
 */
public final class DbStats {
  /** Spans kept per request; later statements still count in {@link #count()} and time. */
  public static final int MAX_SPANS = 1000;

  private static final AtomicReferenceFieldUpdater<DbStats, JdbcCall> HEAD =
      AtomicReferenceFieldUpdater.newUpdater(DbStats.class, JdbcCall.class, "head");
  private static final AtomicIntegerFieldUpdater<DbStats> COUNT =
      AtomicIntegerFieldUpdater.newUpdater(DbStats.class, "count");
  private static final AtomicLongFieldUpdater<DbStats> NANOS =
      AtomicLongFieldUpdater.newUpdater(DbStats.class, "totalNanos");

  /** The statements of a request that ran none; never added to. */
  static final DbStats NONE = new DbStats();

  private volatile JdbcCall head;
  private volatile int count;
  private volatile long totalNanos;

  /** Records a finished statement. */
  void add(JdbcCall call) {
    int before = COUNT.getAndIncrement(this);
    NANOS.addAndGet(this, call.durationNanos());
    if (before >= MAX_SPANS) {
      return;
    }
    JdbcCall current;
    do {
      current = head;
      call.next = current;
    } while (!HEAD.compareAndSet(this, current, call));
  }

  /** Statements executed in the request. */
  public int count() {
    return count;
  }

  /** Their total duration in nanoseconds. */
  public long totalNanos() {
    return totalNanos;
  }

  /** Statements beyond {@link #MAX_SPANS}, counted but without a span. */
  public int droppedSpans() {
    return Math.max(0, count - MAX_SPANS);
  }

  /**
   * The last recorded span, from which {@link JdbcCall#older()} leads back to the first: a walk
   * without the list {@link #spans()} builds. Read it before {@link #count()} when comparing the
   * two: a span is counted before it is linked, so the count then covers every span reached.
   */
  public JdbcCall newest() {
    return head;
  }

  /** The recorded spans in the order they finished. */
  public List<JdbcCall> spans() {
    JdbcCall call = head;
    if (call == null) {
      return Collections.emptyList();
    }
    List<JdbcCall> spans = new ArrayList<>();
    for (; call != null; call = call.next) {
      spans.add(call);
    }
    Collections.reverse(spans);
    return spans;
  }
}
