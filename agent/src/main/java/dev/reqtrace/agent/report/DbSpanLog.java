package dev.reqtrace.agent.report;

import dev.reqtrace.agent.record.RequestSink;
import dev.reqtrace.bootstrap.JdbcCall;
import dev.reqtrace.bootstrap.RequestScope;
import org.slf4j.Logger;

/**
 * At DEBUG only: one {@code db-span} line per statement of a request, after its
 * {@code server-span} line. What the integration tests read to see a request's span tree.
 */
final class DbSpanLog implements RequestSink {
  private final Logger log;

  DbSpanLog(Logger log) {
    this.log = log;
  }

  @Override
  public void accept(RequestScope scope, String route) {
    if (!log.isDebugEnabled() || scope.db().count() == 0) {
      return;
    }
    for (JdbcCall span : scope.db().spans()) {
      log.debug(format(scope.requestId(), span));
    }
    if (scope.db().droppedSpans() > 0) {
      log.debug("db-span request_id={} dropped={}", scope.requestId(), scope.db().droppedSpans());
    }
  }

  static String format(String requestId, JdbcCall span) {
    StringBuilder out = new StringBuilder(160)
        .append("db-span request_id=").append(requestId)
        .append(" system=").append(span.system())
        .append(" operation=").append(span.sql().operation())
        .append(" statement=").append(Text.quoted(span.sql().text()))
        .append(" duration_ms=").append(Text.preciseMs(span.durationNanos()));
    if (span.batchSize() > 0) {
      out.append(" batch_size=").append(span.batchSize());
    }
    if (span.rows() >= 0) {
      out.append(" rows=").append(span.rows());
    }
    if (span.failed()) {
      out.append(" error=true");
    }
    return out.toString();
  }
}
