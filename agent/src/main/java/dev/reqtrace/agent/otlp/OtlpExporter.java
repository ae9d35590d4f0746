package dev.reqtrace.agent.otlp;

import dev.reqtrace.agent.scrub.Scrubber;
import dev.reqtrace.agent.Throttle;
import dev.reqtrace.agent.config.Config;
import dev.reqtrace.agent.config.Keys;
import dev.reqtrace.agent.record.RequestSink;
import dev.reqtrace.bootstrap.RequestScope;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.common.InternalTelemetryVersion;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;

/**
 * {@code reqtrace.exporter=otlp}: server and JDBC spans and the request metrics to an OpenTelemetry
 * collector over {@code http/protobuf} or {@code grpc}, through the relocated OpenTelemetry SDK.
 * Only this class's {@link #start} loads OpenTelemetry classes: with OTLP off, none is initialised.
 *
 * <p>Threads, all daemons: {@code reqtrace-otlp} (builds and exports span batches),
 * {@code reqtrace-otlp-metrics} (the periodic metric reader) and {@code reqtrace-otlp-sender-N}
 * (blocking sends, at most four).
 */
public final class OtlpExporter implements RequestSink, AutoCloseable {
  /** Shutdown budget: spans still queued and the last metric export, then whatever is left is lost. */
  static final long CLOSE_WAIT_MILLIS = 3000;

  private final OtlpMetrics metrics;
  private final SpanQueue spans;
  private final SdkMeterProvider meterProvider;
  private final ExecutorService senders;
  private final OtlpFailures failures;

  private OtlpExporter(OtlpMetrics metrics, SpanQueue spans, SdkMeterProvider meterProvider,
      ExecutorService senders, OtlpFailures failures) {
    this.metrics = metrics;
    this.spans = spans;
    this.meterProvider = meterProvider;
    this.senders = senders;
    this.failures = failures;
  }

  /** Builds the exporters and starts the threads; no network I/O happens here. */
  public static OtlpExporter start(Config config, Logger log) {
    SdkLogBridge.install();
    String version = agentVersion();
    boolean grpc = "grpc".equals(config.get(Keys.OTLP_PROTOCOL));
    String base = config.otlpEndpoint();
    Duration timeout = config.get(Keys.OTLP_TIMEOUT);
    Duration connectTimeout = timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10);
    Map<String, String> headers = config.get(Keys.OTLP_HEADERS);
    Resource resource = OtlpResource.build(config.serviceName(), config.get(Keys.OTLP_RESOURCE_ATTRIBUTES),
        version, System.getProperty("sun.java.command", ""));
    OtlpFailures failures = new OtlpFailures(log, Throttle.perMinute());
    // Spans and metrics export one batch at a time each; the headroom covers a send whose thread is
    // still finishing its callback when the next one starts. Past it a send fails fast ("sender busy").
    ExecutorService senders = new ThreadPoolExecutor(0, 4, 60, TimeUnit.SECONDS,
        new SynchronousQueue<>(), daemon("reqtrace-otlp-sender"));

    // A failed batch is dropped and counted: retrying against a dead or black-holed collector would
    // stack sends past the timeout, and the next batch is the retry. The one exception is a kept-alive
    // HTTP connection the collector closed as the batch went out (ClosedConnectionRetry); the gRPC
    // sender handles that case itself.
    SpanExporter spanExporter;
    MetricExporter metricExporter;
    String tracesUrl;
    String metricsUrl;
    if (grpc) {
      tracesUrl = base;
      metricsUrl = base;
      spanExporter = OtlpGrpcSpanExporter.builder().setEndpoint(base).setTimeout(timeout)
          .setConnectTimeout(connectTimeout).setHeaders(() -> headers).setExecutorService(senders)
          .setRetryPolicy(null)
          .setMeterProvider(MeterProvider::noop).build();
      metricExporter = OtlpGrpcMetricExporter.builder().setEndpoint(base).setTimeout(timeout)
          .setConnectTimeout(connectTimeout).setHeaders(() -> headers).setExecutorService(senders)
          .setRetryPolicy(null)
          .setMeterProvider(MeterProvider::noop).build();
    } else {
      tracesUrl = base + "/v1/traces";
      metricsUrl = base + "/v1/metrics";
      spanExporter = OtlpHttpSpanExporter.builder().setEndpoint(tracesUrl).setTimeout(timeout)
          .setConnectTimeout(connectTimeout).setHeaders(() -> headers).setExecutorService(senders)
          .setRetryPolicy(ClosedConnectionRetry.policy()).setComponentLoader(PlainHttp.components())
          .setMeterProvider(MeterProvider::noop).build();
      metricExporter = OtlpHttpMetricExporter.builder().setEndpoint(metricsUrl).setTimeout(timeout)
          .setConnectTimeout(connectTimeout).setHeaders(() -> headers).setExecutorService(senders)
          .setRetryPolicy(ClosedConnectionRetry.policy()).setComponentLoader(PlainHttp.components())
          .setMeterProvider(MeterProvider::noop).build();
    }

    // What the log names: the URLs without userinfo, which can hold a token ("https://user:key@host").
    String shownBase = withoutUserInfo(base);
    String shownTraces = withoutUserInfo(tracesUrl);
    String shownMetrics = withoutUserInfo(metricsUrl);

    ScheduledExecutorService metricThread =
        Executors.newSingleThreadScheduledExecutor(daemon("reqtrace-otlp-metrics"));
    SdkMeterProvider meterProvider = SdkMeterProvider.builder()
        .setResource(resource)
        // Exemplars link a point to a sampled span in the OpenTelemetry context, and our spans
        // are never there (they are built after the request): the trace-based default would
        // only cost a context look-up per recorded value.
        .setExemplarFilter(ExemplarFilter.alwaysOff())
        .registerMetricReader(PeriodicMetricReader
            .builder(new ObservedMetricExporter(metricExporter, failures, shownMetrics))
            .setInterval(config.get(Keys.METRICS_INTERVAL))
            .setExecutor(metricThread)
            // LATEST would add the reader's own otel.sdk.* metrics, under our relocated scope name.
            .setInternalTelemetryVersion(InternalTelemetryVersion.LEGACY)
            .build())
        .build();
    long slowNanos = config.get(Keys.SLOW_THRESHOLD).toNanos();
    OtlpMetrics metrics = new OtlpMetrics(
        meterProvider.meterBuilder("dev.reqtrace").setInstrumentationVersion(version).build(),
        config.get(Keys.TAGS), slowNanos, failures::droppedCount);

    InstrumentationScopeInfo scope = InstrumentationScopeInfo.builder("dev.reqtrace").setVersion(version).build();
    SpanQueue spans = new SpanQueue(new SpanMapper(resource, scope, slowNanos, Scrubber.from(config)), spanExporter, shownTraces,
        failures, timeout.toNanos());
    spans.start();
    log.debug("otlp exporter: {} to {} (traces {}, metrics {} every {})",
        grpc ? "grpc" : "http/protobuf", shownBase, shownTraces, shownMetrics, config.get(Keys.METRICS_INTERVAL));
    return new OtlpExporter(metrics, spans, meterProvider, senders, failures);
  }

  @Override
  public void accept(RequestScope scope, String route) {
    long endNanoTime = System.nanoTime();
    try {
      metrics.record(scope, route);
    } catch (RuntimeException e) {
      // A metrics bug must not cost the request its span, nor the other sinks their turn.
      failures.exportFailed("metrics", "recording", e, 0);
    }
    spans.offer(scope, route, endNanoTime);
  }

  /** Requests waiting for the exporter thread; for tests. */
  int queued() {
    return spans.size();
  }

  /** Spans dropped so far (queue full or failed export); for tests. */
  long dropped() {
    return failures.droppedCount();
  }

  @Override
  public void close() {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
    try {
      spans.close(CLOSE_WAIT_MILLIS / 2);
      long left = Math.max(1, deadline - System.nanoTime());
      // Shutdown collects and exports the last metrics once.
      meterProvider.shutdown().join(left, TimeUnit.NANOSECONDS);
    } finally {
      senders.shutdownNow();
    }
  }

  /** {@code url} without the {@code user:password@} of its authority, for the agent log. */
  static String withoutUserInfo(String url) {
    int authority = url.indexOf("://") + 3;
    int end = authority;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    // The last '@': a raw '@' in a password belongs to the userinfo (RFC 3986 host has none).
    int at = url.lastIndexOf('@', end - 1);
    return authority < 3 || at < authority ? url : url.substring(0, authority) + url.substring(at + 1);
  }

  private static String agentVersion() {
    String version = OtlpExporter.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, name.equals("reqtrace-otlp-metrics") ? name
          : name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
