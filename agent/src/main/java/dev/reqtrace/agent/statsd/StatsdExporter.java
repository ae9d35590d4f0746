package dev.reqtrace.agent.statsd;

import dev.reqtrace.agent.Throttle;
import dev.reqtrace.agent.config.Config;
import dev.reqtrace.agent.config.Keys;
import dev.reqtrace.agent.record.RequestSink;
import dev.reqtrace.agent.report.ErrorReporter;
import dev.reqtrace.bootstrap.DbStats;
import dev.reqtrace.bootstrap.JdbcCall;
import dev.reqtrace.bootstrap.RequestScope;
import dev.reqtrace.statsd.Counter;
import dev.reqtrace.statsd.StatsdClient;
import dev.reqtrace.statsd.StatsdConfig;
import dev.reqtrace.statsd.StatsdFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * The seed's metrics over StatsD (DESIGN.md, Metrics): request count, response time and slow
 * count per route, the request's JDBC statements ({@code db.query} per route, {@code db.query.time}),
 * plus the JVM, process and disk gauges. Recording only enqueues, through meter handles created
 * on first use.
 */
public final class StatsdExporter implements RequestSink, AutoCloseable {
  private final StatsdClient client;
  private final long slowNanos;
  private final Map<String, RouteMeters> routes = new ConcurrentHashMap<>();
  /** Distinct (route, exception) pairs of {@code http_request.error}, a cardinality cap. */
  static final int MAX_ERROR_METERS = 1000;
  private final Map<String, Counter> errors = new ConcurrentHashMap<>();
  private final SystemGauges gauges;
  private final DbMeters db;

  private StatsdExporter(StatsdClient client, long slowNanos, SystemGauges gauges) {
    this.client = client;
    this.db = new DbMeters(client);
    // reqtrace.slow.threshold=0 turns slowness off: no request reaches Long.MAX_VALUE.
    this.slowNanos = slowNanos > 0 ? slowNanos : Long.MAX_VALUE;
    this.gauges = gauges;
  }

  /** Starts the client and the gauge sampler; does no network I/O here. */
  public static StatsdExporter start(Config config, Logger log) {
    Throttle throttle = Throttle.perMinute();
    List<String> tags = new ArrayList<>();
    tags.add("service:" + config.serviceName());
    for (Map.Entry<String, String> tag : config.get(Keys.TAGS).entrySet()) {
      tags.add(tag.getKey() + ":" + tag.getValue());
    }
    StatsdClient client = StatsdClient.start(StatsdConfig.builder()
        .host(config.get(Keys.STATSD_HOST))
        .port(config.get(Keys.STATSD_PORT))
        .format(StatsdFormat.parse(config.get(Keys.STATSD_FORMAT)))
        .prefix(config.get(Keys.STATSD_PREFIX))
        .sampleRate(config.get(Keys.STATSD_SAMPLE_RATE))
        .maxPacket(config.get(Keys.STATSD_MAX_PACKET))
        .flushInterval(config.get(Keys.STATSD_FLUSH_INTERVAL))
        .queueCapacity(config.get(Keys.STATSD_QUEUE_SIZE))
        .globalTags(tags)
        .errorHandler((kind, message) -> {
          long suppressed = throttle.acquire("statsd-" + kind);
          if (suppressed >= 0) {
            log.warn("statsd exporter: {}{}", message,
                suppressed > 0 ? " (" + suppressed + " more since the last report)" : "");
          }
        })
        .build());
    SystemGauges gauges;
    try {
      gauges = SystemGauges.start(client, config.get(Keys.METRICS_INTERVAL));
    } catch (RuntimeException | Error e) {
      client.close(); // the exporter is left out: its sender thread must not outlive it
      throw e;
    }
    return new StatsdExporter(client, config.get(Keys.SLOW_THRESHOLD).toNanos(), gauges);
  }

  @Override
  public void accept(RequestScope scope, String route) {
    RouteMeters meters = routes.get(route);
    if (meters == null) {
      meters = routes.computeIfAbsent(route, r -> new RouteMeters(client, r));
    }
    RouteMeters.StatusMeters status = meters.forRequest(scope.method(), scope.status());
    status.requests.increment();
    long nanos = scope.durationNanos();
    status.responseTime.record(nanos / 1e6);
    if (nanos >= slowNanos) {
      meters.slow(scope.method()).increment();
    }
    DbStats stats = scope.db();
    if (stats.count() > 0) {
      recordStatements(meters, stats);
    }
    if (scope.thrown() != null || scope.status() >= 500) {
      errorCounter(route, scope.thrown()).increment();
    }
  }

  /**
   * {@code http_request.error} of one route and exception class (simple name, {@code none} for a
   * 5xx without exception); past {@link #MAX_ERROR_METERS} new pairs count as {@code other}.
   */
  private Counter errorCounter(String route, Throwable thrown) {
    String exception = thrown == null ? "none" : simpleName(ErrorReporter.unwrap(thrown).getClass());
    Counter counter = errors.get(route + '\n' + exception);
    if (counter == null) {
      String tag = errors.size() >= MAX_ERROR_METERS ? "other" : exception;
      counter = errors.computeIfAbsent(route + '\n' + tag,
          k -> client.counter("http_request.error", "route", route, "exception", tag));
    }
    return counter;
  }

  private static String simpleName(Class<?> type) {
    String name = type.getName();
    return name.substring(name.lastIndexOf('.') + 1); // an anonymous class has no simple name
  }

  /**
   * One {@code db.query} count and one {@code db.query.time} sample per statement. Statements past
   * {@link DbStats#MAX_SPANS} have no span: they are counted (operation {@code OTHER}, so the
   * count stays exact) but not timed.
   */
  private void recordStatements(RouteMeters meters, DbStats stats) {
    // From the newest back, without the list spans() would copy them into; newest() is read
    // before count(), so statements recorded meanwhile only make "unrecorded" larger.
    int recorded = 0;
    String system = null;
    String operation = null;
    DbMeters.Operation current = null;
    Counter queries = null;
    for (JdbcCall call = stats.newest(); call != null; call = call.older()) {
      recorded++;
      // Identity: the bootstrap shares one string per driver class and per normalized statement,
      // and a request mostly repeats the same one, so this skips even the map lookups.
      if (current == null || call.system() != system || call.sql().operation() != operation) {
        system = call.system();
        operation = call.sql().operation();
        current = db.of(system, operation);
        queries = meters.dbQueries(current);
      }
      queries.increment();
      current.time.record(call.durationNanos() / 1e6);
    }
    int unrecorded = stats.count() - recorded;
    if (unrecorded > 0) {
      meters.dbQueries(db.of(system, DbMeters.OTHER_OPERATION)).add(unrecorded);
    }
  }

  /** The underlying client, for tests and the drop count. */
  StatsdClient client() {
    return client;
  }

  @Override
  public void close() {
    gauges.close();
    client.close();
  }
}
