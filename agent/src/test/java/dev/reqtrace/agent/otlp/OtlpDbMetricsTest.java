package dev.reqtrace.agent.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reqtrace.bootstrap.Activation;
import dev.reqtrace.bootstrap.JdbcCall;
import dev.reqtrace.bootstrap.RequestScope;
import dev.reqtrace.bootstrap.StatementRecord;
import dev.reqtrace.bootstrap.ThreadState;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The JDBC metrics of one request, read straight from the SDK's aggregation: one {@code db.query}
 * add per run of statements with the same operation must still count every statement, and each
 * statement is one sample of both duration histograms.
 */
class OtlpDbMetricsTest {
  @Test
  void everyStatementCountsAndIsTimedOnceWhateverTheirOrder() {
    Object owner = new Object();
    Object pet = new Object();
    Object update = new Object();
    StatementRecord.prepared(null, owner, "select * from owners where id = ?");
    StatementRecord.prepared(null, pet, "select * from pets where owner_id = ?");
    StatementRecord.prepared(null, update, "update owners set visits = visits + 1 where id = ?");
    Activation activation = RequestScope.start("GET", "/owners", null, null);
    try {
      // Runs of one operation, broken by another and resumed: SELECT x3, UPDATE, SELECT x20.
      for (Object statement : List.of(owner, pet, pet, update)) {
        JdbcCall.start(ThreadState.current(), statement, null).end(-1, null);
      }
      for (int i = 0; i < 20; i++) {
        JdbcCall.start(ThreadState.current(), pet, null).end(-1, null);
      }
    } finally {
      activation.end(200, null, null);
    }

    OnDemandReader reader = new OnDemandReader();
    SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
    try {
      OtlpMetrics metrics = new OtlpMetrics(provider.get("t"), Map.of(), 0, () -> 0);
      metrics.record(activation.scope(), "/owners");
      List<MetricData> all = new ArrayList<>(reader.registration.collectAllMetrics());

      Map<String, Long> queries = new TreeMap<>();
      for (LongPointData p : metric(all, "db.query").getLongSumData().getPoints()) {
        String key = "operation=" + p.getAttributes().get(AttributeKey.stringKey("operation"))
            + ",route=" + p.getAttributes().get(AttributeKey.stringKey("route"));
        queries.merge(key, p.getValue(), Long::sum);
      }
      assertThat(queries).containsExactly(
          Map.entry("operation=SELECT,route=/owners", 23L),
          Map.entry("operation=UPDATE,route=/owners", 1L));
      assertThat(histogramCount(all, "db.client.operation.duration")).isEqualTo(24);
      assertThat(histogramCount(all, "db.query.time")).isEqualTo(24);
    } finally {
      provider.shutdown().join(1, TimeUnit.SECONDS);
    }
  }

  private static MetricData metric(List<MetricData> all, String name) {
    return all.stream().filter(m -> m.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + all));
  }

  private static long histogramCount(List<MetricData> all, String name) {
    return metric(all, name).getHistogramData().getPoints().stream()
        .mapToLong(HistogramPointData::getCount).sum();
  }
}
