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
  private static final AtomicIntegerFieldUpdater<DbStats> OVERFLOW_COUNT =
      AtomicIntegerFieldUpdater.newUpdater(DbStats.class, "overflowCount");
  private static final AtomicLongFieldUpdater<DbStats> OVERFLOW_NANOS =
      AtomicLongFieldUpdater.newUpdater(DbStats.class, "overflowNanos");

  /** The statements of a request that ran none; never added to. */
  static final DbStats NONE = new DbStats();

  /** The newest span; each span knows its position, so the count costs no atomic of its own. */
  private volatile JdbcCall head;
  /** Statements past {@link #MAX_SPANS}: counted and timed here, without a span. */
  private volatile int overflowCount;
  private volatile long overflowNanos;

  /** Records a finished statement: one compare-and-set, unless the request is past its spans. */
  void add(JdbcCall call) {
    JdbcCall current;
    do {
      current = head;
      int position = current == null ? 1 : current.position + 1;
      if (position > MAX_SPANS) {
        OVERFLOW_COUNT.incrementAndGet(this);
        OVERFLOW_NANOS.addAndGet(this, call.durationNanos());
        return;
      }
      call.position = position;
      call.next = current;
    } while (!HEAD.compareAndSet(this, current, call));
  }

  /** Statements executed in the request. */
  public int count() {
    JdbcCall newest = head;
    return (newest == null ? 0 : newest.position) + overflowCount;
  }

  /** Their total duration in nanoseconds. */
  public long totalNanos() {
    long total = overflowNanos;
    for (JdbcCall call = head; call != null; call = call.next) {
      total += call.durationNanos();
    }
    return total;
  }

  /** Statements beyond {@link #MAX_SPANS}, counted but without a span. */
  public int droppedSpans() {
    return overflowCount;
  }

  /**
   * The last recorded span, from which {@link JdbcCall#older()} leads back to the first: a walk
   * without the list {@link #spans()} builds. Read it before {@link #count()} when comparing the
   * two: statements recorded in between only make the count larger.
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
