package dev.reqtrace.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigPrecedenceTest {
  @TempDir Path dir;

  private Resolution allFiveSources() throws IOException {
    Path file = dir.resolve("reqtrace.properties");
    Files.writeString(file, "reqtrace.slow.threshold=5s\n", StandardCharsets.UTF_8);
    return new Resolution()
        .agentArgs("reqtrace.slow.threshold=1ms")
        .sysProp("reqtrace.slow.threshold", "2ms")
        .env("REQTRACE_SLOW_THRESHOLD", "3ms")
        .env("REQTRACE_CONFIG", file.toString());
  }

  @Test
  void agentArgumentBeatsEverySource() throws IOException {
    Config config = allFiveSources().resolve();
    assertThat(config.get(Keys.SLOW_THRESHOLD)).isEqualTo(Duration.ofMillis(1));
    assertThat(config.source(Keys.SLOW_THRESHOLD)).isEqualTo("agent argument");
  }

  @Test
  void systemPropertyBeatsEnvironmentAndFile() throws IOException {
    Config config = allFiveSources().agentArgs(null).resolve();
    assertThat(config.get(Keys.SLOW_THRESHOLD)).isEqualTo(Duration.ofMillis(2));
    assertThat(config.source(Keys.SLOW_THRESHOLD)).isEqualTo("system property");
  }

  @Test
  void environmentBeatsFile() throws IOException {
    Config config = allFiveSources().agentArgs(null).withoutSysProp("reqtrace.slow.threshold").resolve();
    assertThat(config.get(Keys.SLOW_THRESHOLD)).isEqualTo(Duration.ofMillis(3));
    assertThat(config.source(Keys.SLOW_THRESHOLD)).isEqualTo("environment");
  }

  @Test
  void fileBeatsDefault() throws IOException {
    Resolution resolution = allFiveSources().agentArgs(null)
        .withoutSysProp("reqtrace.slow.threshold").withoutEnv("REQTRACE_SLOW_THRESHOLD");
    Config config = resolution.resolve();
    Path file = dir.resolve("reqtrace.properties");
    assertThat(config.get(Keys.SLOW_THRESHOLD)).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.source(Keys.SLOW_THRESHOLD)).isEqualTo("file " + file);
    assertThat(resolution.problems).isEmpty();
  }

  @Test
  void defaultWhenNoSourceSetsTheKey() {
    Resolution resolution = new Resolution();
    Config config = resolution.resolve();
    assertThat(config.get(Keys.SLOW_THRESHOLD)).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.source(Keys.SLOW_THRESHOLD)).isEqualTo("default");
    assertThat(config.get(Keys.EXPORTER)).containsExactly("log");
    assertThat(config.get(Keys.STATSD_SAMPLE_RATE)).isEqualTo(1.0);
    assertThat(config.get(Keys.TAGS)).isEmpty();
    assertThat(resolution.problems).isEmpty();
  }

  @Test
  void blankValuesCountAsUnset() {
    Config config = new Resolution()
        .agentArgs("reqtrace.statsd.port=")
        .sysProp("reqtrace.statsd.port", "  ")
        .env("REQTRACE_STATSD_PORT", "9125")
        .resolve();
    assertThat(config.get(Keys.STATSD_PORT)).isEqualTo(9125);
  }

  @Test
  void configFileLocationItselfComesFromAgentArgumentsFirst() throws IOException {
    Path fromArgs = dir.resolve("args.properties");
    Path fromEnv = dir.resolve("env.properties");
    Files.writeString(fromArgs, "reqtrace.statsd.host=args-host\n", StandardCharsets.UTF_8);
    Files.writeString(fromEnv, "reqtrace.statsd.host=env-host\n", StandardCharsets.UTF_8);
    Config config = new Resolution()
        .agentArgs("config=" + fromArgs)
        .env("REQTRACE_CONFIG", fromEnv.toString())
        .resolve();
    assertThat(config.get(Keys.STATSD_HOST)).isEqualTo("args-host");
    assertThat(config.source(Keys.CONFIG)).isEqualTo("agent argument");
  }

  @Test
  void fileKeysMayLeaveOutThePrefix() throws IOException {
    Path file = dir.resolve("short.properties");
    Files.writeString(file, "statsd.port = 9000\nreqtrace.statsd.format=etsy\n", StandardCharsets.UTF_8);
    Resolution resolution = new Resolution().sysProp("reqtrace.config", file.toString());
    Config config = resolution.resolve();
    assertThat(config.get(Keys.STATSD_PORT)).isEqualTo(9000);
    assertThat(config.get(Keys.STATSD_FORMAT)).isEqualTo("etsy");
    assertThat(resolution.problems).isEmpty();
  }

  @Test
  void readsLatin1ConfigFilesWrittenBeforeJava9() throws IOException {
    Path file = dir.resolve("latin1.properties");
    Files.write(file, "reqtrace.service=caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    Config config = new Resolution().env("REQTRACE_CONFIG", file.toString()).resolve();
    assertThat(config.get(Keys.SERVICE)).isEqualTo("caf\u00e9");
  }

  @Test
  void otelAliasIsUsedWhenNoReqtraceVariableIsSet() {
    Config config = new Resolution()
        .env("OTEL_SERVICE_NAME", "checkout")
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", "https://collector:4318/")
        .env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
        .env("OTEL_EXPORTER_OTLP_HEADERS", "api-key=abc")
        .env("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=prod")
        .resolve();
    assertThat(config.get(Keys.SERVICE)).isEqualTo("checkout");
    assertThat(config.source(Keys.SERVICE)).isEqualTo("environment OTEL_SERVICE_NAME");
    assertThat(config.get(Keys.OTLP_ENDPOINT)).isEqualTo("https://collector:4318/");
    assertThat(config.otlpEndpoint()).isEqualTo("https://collector:4318");
    assertThat(config.get(Keys.OTLP_PROTOCOL)).isEqualTo("grpc");
    assertThat(config.get(Keys.OTLP_HEADERS)).containsEntry("api-key", "abc");
    assertThat(config.get(Keys.OTLP_RESOURCE_ATTRIBUTES)).containsEntry("deployment.environment", "prod");
  }

  @Test
  void reqtraceVariableBeatsOtelAlias() {
    Config config = new Resolution()
        .env("OTEL_SERVICE_NAME", "otel-name")
        .env("REQTRACE_SERVICE", "reqtrace-name")
        .resolve();
    assertThat(config.get(Keys.SERVICE)).isEqualTo("reqtrace-name");
    assertThat(config.source(Keys.SERVICE)).isEqualTo("environment");
  }

  @Test
  void otelAliasBeatsConfigFile() throws IOException {
    Path file = dir.resolve("r.properties");
    Files.writeString(file, "reqtrace.otlp.protocol=http/protobuf\n", StandardCharsets.UTF_8);
    Config config = new Resolution()
        .env("REQTRACE_CONFIG", file.toString())
        .env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
        .resolve();
    assertThat(config.get(Keys.OTLP_PROTOCOL)).isEqualTo("grpc");
  }

  @Test
  void instrumentationsAreEnabledUnlessTurnedOff() {
    Config config = new Resolution().env("REQTRACE_INSTRUMENTATION_JDBC_ENABLED", "FALSE").resolve();
    assertThat(config.instrumentationEnabled("servlet")).isTrue();
    assertThat(config.instrumentationEnabled("jdbc")).isFalse();
    assertThat(config.instrumentationEnabled("async")).isTrue();
  }
}
