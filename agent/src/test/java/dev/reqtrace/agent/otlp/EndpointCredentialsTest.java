package dev.reqtrace.agent.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reqtrace.agent.CapturingLogger;
import dev.reqtrace.agent.config.Config;
import dev.reqtrace.bootstrap.Activation;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.event.Level;

/**
 * An endpoint written with credentials ({@code https://user:token@collector}, as some hosted
 * collectors document it) never shows them in the agent log: the export-failure WARN lines name
 * the endpoint, and used to quote the whole URL.
 */
class EndpointCredentialsTest {

  @ParameterizedTest
  @ValueSource(strings = {"http/protobuf", "grpc"})
  void failedExportsNameTheEndpointWithoutItsCredentials(String protocol) {
    CapturingLogger log = new CapturingLogger(Level.DEBUG);
    // Port 9 on loopback: nothing listens, so every export fails at once and is logged.
    Config config = Config.resolve("exporter=otlp,otlp.protocol=" + protocol
        + ",otlp.endpoint=http://tenant-42:s3cret-token@127.0.0.1:9", Map.of(), new Properties(),
        problem -> { throw new AssertionError(problem); });
    OtlpExporter exporter = OtlpExporter.start(config, log);
    Activation request = dev.reqtrace.bootstrap.RequestScope.start("GET", "/r", null, null);
    request.end(200, null, null);
    exporter.accept(request.scope(), "/r");
    exporter.close(); // exports what is queued, which fails and is reported before close returns

    assertThat(log.at(Level.WARN)).as("export failures reported")
        .anySatisfy(line -> assertThat(line).startsWith("otlp exporter: traces export to http://127.0.0.1:9"));
    assertThat(log.lines).noneSatisfy(line -> assertThat(line).contains("s3cret-token"));
    assertThat(log.lines).noneSatisfy(line -> assertThat(line).contains("tenant-42"));
  }

  @Test
  void onlyTheUserInfoIsLeftOut() {
    assertThat(OtlpExporter.withoutUserInfo("https://u:p@ss@collector:4318/v1/traces"))
        .isEqualTo("https://collector:4318/v1/traces");
    assertThat(OtlpExporter.withoutUserInfo("https://api-key@collector")).isEqualTo("https://collector");
    assertThat(OtlpExporter.withoutUserInfo("http://collector:4318/tenants/@me/v1/traces"))
        .isEqualTo("http://collector:4318/tenants/@me/v1/traces");
  }
}
