package dev.reqtrace.agent.otlp;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.Collection;

/** The OTLP metric exporter, with its failures reported through {@link OtlpFailures}. */
final class ObservedMetricExporter implements MetricExporter {
  private final MetricExporter delegate;
  private final OtlpFailures failures;
  private final String endpoint;

  ObservedMetricExporter(MetricExporter delegate, OtlpFailures failures, String endpoint) {
    this.delegate = delegate;
    this.failures = failures;
    this.endpoint = endpoint;
  }

  @Override
  public CompletableResultCode export(Collection<MetricData> metrics) {
    SdkLogBridge.install();
    CompletableResultCode result = delegate.export(metrics);
    result.whenComplete(() -> {
      if (!result.isSuccess()) {
        // Cumulative points: the next export after the collector is back carries the counts.
        failures.exportFailed("metrics", endpoint, result.getFailureThrowable(), 0);
      }
    });
    return result;
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return delegate.getAggregationTemporality(instrumentType);
  }

  @Override
  public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
    return delegate.getDefaultAggregation(instrumentType);
  }

  @Override
  public MemoryMode getMemoryMode() {
    return delegate.getMemoryMode();
  }
}
