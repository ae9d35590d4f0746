package dev.reqtrace.agent.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reqtrace.agent.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.helpers.NOPLogger;

/** Whatever the OTLP keys let through, the OpenTelemetry builders accept: the exporter starts. */
class OtlpExporterConfigTest {

  /**
   * Both used to leave the exporter out: the builders refuse an upper-case scheme, and
   * Duration.toNanos() overflowed on the timeout and the metric interval.
   */
  @ParameterizedTest
  @ValueSource(strings = {"http/protobuf", "grpc"})
  void startsWithAnUpperCaseSchemeAndWithOverlongDurationsReported(String protocol) {
    List<String> problems = new ArrayList<>();
    // Port 9 on loopback: nothing listens, so the export on close fails at once.
    Config config = Config.resolve("exporter=otlp,otlp.protocol=" + protocol + ",otlp.endpoint=HTTP://127.0.0.1:9/"
        + ",otlp.timeout=99999999h,metrics.interval=99999999h", Map.of(), new Properties(), problems::add);
    assertThat(problems).containsExactly(
        "reqtrace: reqtrace.metrics.interval=99999999h is longer than the maximum 1h; using 10s",
        "reqtrace: reqtrace.otlp.timeout=99999999h is longer than the maximum 10m; using 10s");
    assertThat(config.otlpEndpoint()).isEqualTo("http://127.0.0.1:9");
    OtlpExporter.start(config, NOPLogger.NOP_LOGGER).close();
  }
}
