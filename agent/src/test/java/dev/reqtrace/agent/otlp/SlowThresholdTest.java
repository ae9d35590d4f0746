package dev.reqtrace.agent.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reqtrace.agent.scrub.Scrubber;
import dev.reqtrace.bootstrap.Activation;
import dev.reqtrace.bootstrap.RequestScope;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * reqtrace.slow.threshold=0 turns slowness off for OTLP too: the span flag and the slow counter
 * used to mark every request, as every duration is at least 0.
 */
class SlowThresholdTest {
  private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);

  private static RequestScope ended() throws InterruptedException {
    Activation activation = RequestScope.start("GET", "/owners", null, null);
    Thread.sleep(2);
    activation.end(200, null, null);
    return activation.scope();
  }

  private static Boolean slowFlag(long slowNanos) throws InterruptedException {
    SpanMapper mapper = new SpanMapper(Resource.empty(), InstrumentationScopeInfo.create("t"), slowNanos,
        Scrubber.of(List.of("password")));
    List<SpanData> spans = new ArrayList<>();
    mapper.map(ended(), "/owners", System.nanoTime(), spans);
    return spans.get(0).getAttributes().get(SpanMapper.SLOW);
  }

  @Test
  void aZeroThresholdFlagsNoSpanAsSlow() throws Exception {
    assertThat(slowFlag(0)).isNull();
    assertThat(slowFlag(MILLI)).isTrue();
  }

  @Test
  void aZeroThresholdCountsNoRequestAsSlow() throws Exception {
    assertThat(slowCount(0)).isZero();
    assertThat(slowCount(MILLI)).isEqualTo(1);
  }

  /** http_request.slow after one 2 ms request, read straight from the SDK's aggregation. */
  private static long slowCount(long slowNanos) throws InterruptedException {
    OnDemandReader reader = new OnDemandReader();
    SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
    try {
      OtlpMetrics metrics = new OtlpMetrics(provider.get("t"), Map.of(), slowNanos, () -> 0);
      metrics.record(ended(), "/owners");
      List<MetricData> slow = reader.registration.collectAllMetrics().stream()
          .filter(m -> m.getName().equals("http_request.slow")).collect(Collectors.toList());
      return slow.stream().flatMap(m -> m.getLongSumData().getPoints().stream())
          .mapToLong(p -> p.getValue()).sum();
    } finally {
      provider.shutdown().join(1, TimeUnit.SECONDS);
    }
  }
}
