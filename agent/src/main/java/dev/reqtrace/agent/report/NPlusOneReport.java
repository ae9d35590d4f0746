package dev.reqtrace.agent.report;

import dev.reqtrace.agent.record.RequestSink;
import dev.reqtrace.bootstrap.DbStats;
import dev.reqtrace.bootstrap.RequestScope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * One WARN block per request that ran the same normalized statement at least
 * {@code reqtrace.n_plus_one.threshold} times: request ID, route, and each such statement with
 * its count and total time.
 */
final class NPlusOneReport implements RequestSink {
  private final int threshold;
  private final Logger log;
  private final ReportLimiter limiter;
  private final LongAdder found = new LongAdder();

  NPlusOneReport(int threshold, Logger log, ReportLimiter limiter) {
    this.threshold = threshold;
    this.log = log;
    this.limiter = limiter;
  }

  @Override
  public void accept(RequestScope scope, String route) {
    if (scope.db().count() < threshold) {
      return; // cheap exit for almost every request: no grouping at all
    }
    if (!StatementGroup.anyRepeated(scope.db(), threshold)) {
      return;
    }
    found.increment();
    long suppressed = limiter.acquire(System.nanoTime());
    if (suppressed < 0 || !log.isWarnEnabled()) {
      return;
    }
    List<StatementGroup> repeated = new ArrayList<>();
    for (StatementGroup group : StatementGroup.of(scope.db().spans())) {
      if (group.count >= threshold) {
        repeated.add(group);
      }
    }
    if (repeated.isEmpty()) {
      return; // only across two database systems: one text, each below the threshold
    }
    if (suppressed > 0) {
      log.warn("{} N+1 reports suppressed (at most {} a minute)", suppressed,
          ReportLimiter.DEFAULT_PER_MINUTE);
    }
    DbStats db = scope.db();
    log.warn(format(scope.requestId(), scope.method(), route, scope.status(), threshold, repeated,
        db.count(), db.droppedSpans()));
  }

  /** Requests with an N+1 pattern since start, reported or not. */
  long count() {
    return found.sum();
  }

  /**
   * The report's text.
   *
   * @param dbCount the statements the request ran
   * @param uncounted those past the spans a request keeps ({@link DbStats#MAX_SPANS}), which the
   *     counts below leave out: said in the header, or a request that ran one statement a million
   *     times would read as if it ran it a thousand times
   */
  static String format(String requestId, String method, String route, int status, int threshold,
      List<StatementGroup> repeated, int dbCount, int uncounted) {
    StatementGroup first = repeated.get(0);
    StringBuilder out = new StringBuilder(256)
        .append("N+1 queries request_id=").append(requestId)
        .append(" method=").append(method)
        .append(" route=").append(route)
        .append(" status=").append(status)
        .append(" threshold=").append(threshold);
    if (uncounted > 0) {
      out.append(" counted_statements=").append(dbCount - uncounted)
          .append(" db_count=").append(dbCount);
    }
    for (StatementGroup g : repeated) {
      out.append(g == first ? " " : Text.NEXT_LINE)
          .append("count=").append(g.count)
          .append(" total_ms=").append(Text.ms(g.totalNanos))
          .append(" system=").append(g.system)
          .append(" statement=").append(Text.quoted(g.text));
    }
    return out.toString();
  }
}
