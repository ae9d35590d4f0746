package dev.reqtrace.agent.report;

import dev.reqtrace.agent.record.RequestSink;
import dev.reqtrace.bootstrap.DbStats;
import dev.reqtrace.bootstrap.RequestScope;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * One WARN block per request at least {@code reqtrace.slow.threshold} long: request ID, method,
 * route, status, duration, DB count and time, and the top statements by total time.
 */
final class SlowRequestReport implements RequestSink {
  /** Statements listed per report. */
  static final int TOP = 5;

  private final long thresholdNanos;
  private final Logger log;
  private final ReportLimiter limiter;
  private final LongAdder slow = new LongAdder();

  SlowRequestReport(Duration threshold, Logger log, ReportLimiter limiter) {
    this.thresholdNanos = threshold.toNanos();
    this.log = log;
    this.limiter = limiter;
  }

  @Override
  public void accept(RequestScope scope, String route) {
    if (thresholdNanos <= 0 || scope.durationNanos() < thresholdNanos) {
      return;
    }
    slow.increment();
    long suppressed = limiter.acquire(System.nanoTime());
    if (suppressed < 0 || !log.isWarnEnabled()) {
      return;
    }
    if (suppressed > 0) {
      log.warn("{} slow request reports suppressed (at most {} a minute)", suppressed,
          ReportLimiter.DEFAULT_PER_MINUTE);
    }
    DbStats db = scope.db();
    log.warn(format(scope.requestId(), scope.method(), route, scope.status(), scope.durationNanos(),
        thresholdNanos, db.count(), db.totalNanos(), db.droppedSpans(),
        StatementGroup.of(db.spans())));
  }

  /** Slow requests seen since start, reported or not. */
  long count() {
    return slow.sum();
  }

  static String format(String requestId, String method, String route, int status,
      long durationNanos, long thresholdNanos, int dbCount, long dbNanos, int uncounted,
      List<StatementGroup> groups) {
    StringBuilder out = new StringBuilder(256)
        .append("slow request request_id=").append(requestId)
        .append(" method=").append(method)
        .append(" route=").append(route)
        .append(" status=").append(status)
        .append(" duration_ms=").append(Text.ms(durationNanos))
        .append(" threshold_ms=").append(Text.ms(thresholdNanos))
        .append(" db_count=").append(dbCount)
        .append(" db_time_ms=").append(Text.ms(dbNanos));
    if (!groups.isEmpty()) {
      out.append(Text.NEXT_LINE).append("top statements by total time");
      if (uncounted > 0) {
        // Only the first DbStats.MAX_SPANS statements are kept one by one: say which ones these are.
        out.append(" of the first ").append(dbCount - uncounted).append(" statements");
      }
      out.append(':');
    }
    for (int i = 0; i < groups.size() && i < TOP; i++) {
      StatementGroup g = groups.get(i);
      out.append(Text.NEXT_LINE).append(i + 1).append(". count=").append(g.count)
          .append(" total_ms=").append(Text.ms(g.totalNanos))
          .append(" max_ms=").append(Text.ms(g.maxNanos))
          .append(" system=").append(g.system)
          .append(" statement=").append(Text.quoted(g.text));
    }
    if (groups.size() > TOP) {
      out.append(Text.NEXT_LINE).append("... ").append(groups.size() - TOP).append(" more statements");
    }
    return out.toString();
  }
}
