package dev.reqtrace.agent.statsd;

import dev.reqtrace.agent.Throttle;
import dev.reqtrace.agent.config.Config;
import dev.reqtrace.agent.config.Keys;
import dev.reqtrace.agent.record.RequestSink;
import dev.reqtrace.bootstrap.RequestScope;
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
 * count per route, plus the JVM, process and disk gauges. Recording only enqueues.
 */
public final class StatsdExporter implements RequestSink, AutoCloseable {
  private final StatsdClient client;
  private final long slowNanos;
  private final Map<String, RouteMeters> routes = new ConcurrentHashMap<>();
  private final SystemGauges gauges;

  private StatsdExporter(StatsdClient client, long slowNanos, SystemGauges gauges) {
    this.client = client;
    this.slowNanos = slowNanos;
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
    SystemGauges gauges = SystemGauges.start(client, config.get(Keys.METRICS_INTERVAL));
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
