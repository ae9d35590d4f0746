package dev.reqtrace.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reqtrace.agent.config.Config;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.helpers.NOPLogger;

/**
 * Which exporters make requests count as active and note their client: the agent turns both on
 * from these answers, and a wrong one costs every request work (or leaves a gauge at zero).
 */
class ExportersTest {

  @ParameterizedTest
  @CsvSource({"none, false, false", "log, false, false", "statsd, true, false", "otlp, true, true",
      "'log,statsd', true, false"})
  void metricsAndSpansComeOnlyFromTheExportersThatSendThem(String exporter, boolean metrics,
      boolean spans) {
    // Port 9 of loopback: nothing listens, nothing is sent in the test's time (interval 1h).
    Config config = Config.resolve("exporter=" + exporter + ",statsd.port=9"
            + ",otlp.endpoint=http://127.0.0.1:9,metrics.interval=1h", Map.of(), new Properties(),
        problem -> {
          throw new AssertionError(problem);
        });
    Exporters exporters = Exporters.create(config, NOPLogger.NOP_LOGGER);
    try {
      assertThat(exporters.exportsMetrics()).as("exports metrics").isEqualTo(metrics);
      assertThat(exporters.exportsSpans()).as("exports spans").isEqualTo(spans);
    } finally {
      exporters.close(NOPLogger.NOP_LOGGER);
    }
  }
}
