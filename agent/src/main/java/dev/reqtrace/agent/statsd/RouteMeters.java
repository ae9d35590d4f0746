package dev.reqtrace.agent.statsd;

import dev.reqtrace.statsd.Counter;
import dev.reqtrace.statsd.StatsdClient;
import dev.reqtrace.statsd.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The request meters of one route, created on first use per method and status and then reused:
 * recording a request looks up two array slots instead of encoding a line template.
 */
final class RouteMeters {
  private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"};
  private static final String OTHER_METHOD = "other";
  private static final int STATUSES = 600;

  private final StatsdClient client;
  private final String route;
  /** [method index][status] → meters; the index past METHODS is "other". */
  private final AtomicReferenceArray<StatusMeters>[] byMethod;
  private final AtomicReferenceArray<Counter> slowByMethod;
  /** {@code db.query} of this route per (system, operation); keys compare by identity. */
  private final ConcurrentHashMap<DbMeters.Operation, Counter> dbQueries =
      new ConcurrentHashMap<>();

  @SuppressWarnings("unchecked")
  RouteMeters(StatsdClient client, String route) {
    this.client = client;
    this.route = route;
    this.byMethod = new AtomicReferenceArray[METHODS.length + 1];
    for (int i = 0; i < byMethod.length; i++) {
      byMethod[i] = new AtomicReferenceArray<>(STATUSES);
    }
    this.slowByMethod = new AtomicReferenceArray<>(METHODS.length + 1);
  }

  StatusMeters forRequest(String method, int status) {
    int m = methodIndex(method);
    int s = status >= 100 && status < STATUSES ? status : 0;
    StatusMeters meters = byMethod[m].get(s);
    if (meters == null) {
      String methodName = m < METHODS.length ? METHODS[m] : OTHER_METHOD;
      String statusClass = s == 0 ? "unknown" : (s / 100) + "xx";
      meters = new StatusMeters(
          client.counter("http_request", "method", methodName, "route", route,
              "http_status", s == 0 ? "unknown" : Integer.toString(s), "status_class", statusClass),
          client.timer("http_request.response_time", client.config().sampleRate(),
              "method", methodName, "route", route, "status_class", statusClass));
      byMethod[m].compareAndSet(s, null, meters);
      meters = byMethod[m].get(s);
    }
    return meters;
  }

  Counter slow(String method) {
    int m = methodIndex(method);
    Counter counter = slowByMethod.get(m);
    if (counter == null) {
      counter = client.counter("http_request.slow", "method",
          m < METHODS.length ? METHODS[m] : OTHER_METHOD, "route", route);
      slowByMethod.compareAndSet(m, null, counter);
    }
    return counter;
  }

  Counter dbQueries(DbMeters.Operation operation) {
    Counter counter = dbQueries.get(operation);
    if (counter == null) {
      counter = dbQueries.computeIfAbsent(operation, op -> client.counter("db.query",
          "db_system", op.system, "operation", op.operation, "route", route));
    }
    return counter;
  }

  private static int methodIndex(String method) {
    for (int i = 0; i < METHODS.length; i++) {
      if (METHODS[i].equals(method)) {
        return i;
      }
    }
    return METHODS.length;
  }

  /** The meters of one route, method and status. */
  static final class StatusMeters {
    final Counter requests;
    final Timer responseTime;

    StatusMeters(Counter requests, Timer responseTime) {
      this.requests = requests;
      this.responseTime = responseTime;
    }
  }
}
