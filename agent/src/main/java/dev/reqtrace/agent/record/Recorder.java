package dev.reqtrace.agent.record;

import dev.reqtrace.bootstrap.RequestListener;
import dev.reqtrace.bootstrap.RequestScope;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;

/**
 * The agent's side of a finished request: names its route and hands it to the sinks (log reports,
 * exporters). Runs on the thread that ended the request, so every sink only records and enqueues.
 */
public final class Recorder implements RequestListener {
  private final RouteNamer routes;
  private final Logger log;
  /** An array, not the list: iterating a list makes an iterator per request. */
  private final RequestSink[] sinks;

  public Recorder(RouteNamer routes, Logger log, List<RequestSink> sinks) {
    this.routes = routes;
    this.log = log;
    this.sinks = sinks.toArray(new RequestSink[0]);
  }

  @Override
  public void requestEnded(RequestScope scope) {
    String route = routes.name(scope.routePattern(), scope.path(), scope.status());
    if (log.isDebugEnabled()) {
      log.debug(String.format(Locale.ROOT,
          "server-span request_id=%s trace_id=%s span_id=%s method=%s route=%s status=%d duration_ms=%.3f",
          scope.requestId(), scope.traceId(), scope.spanId(), scope.method(), route, scope.status(),
          scope.durationNanos() / 1e6));
    }
    for (int i = 0; i < sinks.length; i++) {
      sinks[i].accept(scope, route);
    }
  }
}
