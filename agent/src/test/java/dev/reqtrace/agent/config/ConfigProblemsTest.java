package dev.reqtrace.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigProblemsTest {
  @TempDir Path dir;

  private static Resolution withSysProp(String name, String value) {
    return new Resolution().sysProp(name, value);
  }

  private static void assertOneProblem(String name, String value, String expected) {
    Resolution resolution = withSysProp(name, value);
    resolution.resolve();
    assertThat(resolution.problems).containsExactly(expected);
  }

  @Test
  void badDurationNamesKeyValueAndDefault() {
    Resolution resolution = withSysProp("reqtrace.slow.threshold", "abc");
    Config config = resolution.resolve();
    assertThat(resolution.problems)
        .containsExactly("reqtrace: reqtrace.slow.threshold=abc is not a duration (e.g. 500ms, 2s); using 1s");
    assertThat(config.get(Keys.SLOW_THRESHOLD)).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.source(Keys.SLOW_THRESHOLD)).isEqualTo("default");
  }

  @Test
  void durationBelowMinimumIsReported() {
    assertOneProblem("reqtrace.metrics.interval", "500ms",
        "reqtrace: reqtrace.metrics.interval=500ms is shorter than the minimum 1s; using 10s");
  }

  /**
   * 99999999h used to be accepted, then Duration.toNanos() overflowed in Reports.create: the agent
   * printed "not started" while the StatsD threads it had started kept running.
   */
  @Test
  void durationAboveItsMaximumIsReported() {
    Resolution resolution = withSysProp("reqtrace.slow.threshold", "99999999h");
    Config config = resolution.resolve();
    assertThat(resolution.problems).containsExactly(
        "reqtrace: reqtrace.slow.threshold=99999999h is longer than the maximum 24h; using 1s");
    assertThat(config.get(Keys.SLOW_THRESHOLD)).isEqualTo(Duration.ofSeconds(1));
  }

  /** StatsdConfig refuses a flush interval over 1h: the key used to pass 2h and the exporter was left out. */
  @Test
  void statsdFlushIntervalBeyondWhatTheClientAcceptsIsReported() {
    assertOneProblem("reqtrace.statsd.flush_interval", "2h",
        "reqtrace: reqtrace.statsd.flush_interval=2h is longer than the maximum 1h; using 1s");
  }

  /** The OpenTelemetry builders overflow on these in Duration.toNanos(): the OTLP exporter was left out. */
  @Test
  void otlpTimeoutAndMetricsIntervalBeyondTheirMaximumAreReported() {
    Resolution resolution = new Resolution().sysProp("reqtrace.otlp.timeout", "99999999h")
        .sysProp("reqtrace.metrics.interval", "99999999h");
    resolution.resolve();
    assertThat(resolution.problems).containsExactly(
        "reqtrace: reqtrace.metrics.interval=99999999h is longer than the maximum 1h; using 10s",
        "reqtrace: reqtrace.otlp.timeout=99999999h is longer than the maximum 10m; using 10s");
  }

  /** The JDK HTTP client refuses a Host header at every send: every export would fail. */
  @Test
  void otlpHeaderTheHttpClientRefusesIsReportedWithoutItsValue() {
    assertOneProblem("reqtrace.otlp.headers", "Host=collector.internal",
        "reqtrace: reqtrace.otlp.headers=<redacted> sets host, a header the HTTP client sets itself;"
            + " using the empty default");
  }

  @Test
  void badIntegerIsReportedWithItsRange() {
    assertOneProblem("reqtrace.statsd.port", "70000",
        "reqtrace: reqtrace.statsd.port=70000 is not an integer from 1 to 65535; using 8125");
    assertOneProblem("reqtrace.n_plus_one.threshold", "ten",
        "reqtrace: reqtrace.n_plus_one.threshold=ten is not an integer from 2 to 1000; using 10");
  }

  /**
   * The N+1 check counts the statements a request keeps one by one (DbStats.MAX_SPANS, 1000): a
   * higher threshold was accepted and then never reached, so N+1 reports stopped without a word.
   */
  @Test
  void nPlusOneThresholdAboveTheStatementsARequestKeepsIsReported() {
    assertOneProblem("reqtrace.n_plus_one.threshold", "5000",
        "reqtrace: reqtrace.n_plus_one.threshold=5000 is not an integer from 2 to 1000; using 10");
  }

  @Test
  void badDecimalIsReportedWithItsInterval() {
    assertOneProblem("reqtrace.statsd.sample_rate", "0",
        "reqtrace: reqtrace.statsd.sample_rate=0 is not a number in (0, 1]; using 1.0");
    assertOneProblem("reqtrace.statsd.sample_rate", "NaN",
        "reqtrace: reqtrace.statsd.sample_rate=NaN is not a number in (0, 1]; using 1.0");
  }

  @Test
  void badBooleanIsReported() {
    assertOneProblem("reqtrace.instrumentation.jdbc.enabled", "no",
        "reqtrace: reqtrace.instrumentation.jdbc.enabled=no is not true or false; using true");
  }

  @Test
  void badChoiceListsTheAllowedWords() {
    assertOneProblem("reqtrace.log.level", "verbose",
        "reqtrace: reqtrace.log.level=verbose is not one of trace, debug, info, warn, error, off; using info");
  }

  @Test
  void badChoicesListTheAllowedWords() {
    assertOneProblem("reqtrace.exporter", "log,prometheus",
        "reqtrace: reqtrace.exporter=log,prometheus is not a comma list of log, statsd, otlp, none; using log");
  }

  @Test
  void noneCombinedWithAnotherExporterIsReported() {
    assertOneProblem("reqtrace.exporter", "none,statsd",
        "reqtrace: reqtrace.exporter=none,statsd combines none with other values; using log");
  }

  @Test
  void badTagsAreReported() {
    assertOneProblem("reqtrace.tags", "env=prod",
        "reqtrace: reqtrace.tags=env=prod is not a comma list of key:value (e.g. env:prod,region:eu);"
            + " using the empty default");
  }

  @Test
  void badHeaderNameIsReported() {
    assertOneProblem("reqtrace.request_id.header", "X Request ID",
        "reqtrace: reqtrace.request_id.header=X Request ID is not an HTTP header name"
            + " (letters, digits, !#$%&'*+-.^_`|~; at most 64); using X-Request-ID");
  }

  @Test
  void badUrlIsReported() {
    assertOneProblem("reqtrace.otlp.endpoint", "collector:4318",
        "reqtrace: reqtrace.otlp.endpoint=collector:4318 is not an http(s) URL (e.g. http://collector:4318);"
            + " using the empty default");
  }

  @Test
  void environmentProblemNamesTheVariableAsSet() {
    Resolution resolution = new Resolution().env("REQTRACE_SLOW_THRESHOLD", "500");
    resolution.resolve();
    assertThat(resolution.problems)
        .containsExactly("reqtrace: REQTRACE_SLOW_THRESHOLD=500 is not a duration (e.g. 500ms, 2s); using 1s");
  }

  @Test
  void otelAliasProblemNamesTheOtelVariable() {
    Resolution resolution = new Resolution().env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json");
    Config config = resolution.resolve();
    assertThat(resolution.problems).containsExactly(
        "reqtrace: OTEL_EXPORTER_OTLP_PROTOCOL=http/json is not one of http/protobuf, grpc; using http/protobuf");
    assertThat(config.get(Keys.OTLP_PROTOCOL)).isEqualTo("http/protobuf");
  }

  @Test
  void fileProblemNamesTheFile() throws IOException {
    Path file = dir.resolve("r.properties");
    Files.writeString(file, "reqtrace.max_routes=0\n", StandardCharsets.UTF_8);
    Resolution resolution = new Resolution().env("REQTRACE_CONFIG", file.toString());
    resolution.resolve();
    assertThat(resolution.problems).containsExactly(
        "reqtrace: reqtrace.max_routes=0 in file " + file + " is not an integer >= 1; using 500");
  }

  @Test
  void badValueFallsBackToTheDefaultNotToALowerSource() {
    Resolution resolution = new Resolution()
        .agentArgs("statsd.port=http")
        .env("REQTRACE_STATSD_PORT", "9125");
    Config config = resolution.resolve();
    assertThat(config.get(Keys.STATSD_PORT)).isEqualTo(8125);
    assertThat(resolution.problems)
        .containsExactly("reqtrace: reqtrace.statsd.port=http is not an integer from 1 to 65535; using 8125");
  }

  @Test
  void everyProblemIsReportedInOneResolution() {
    Resolution resolution = new Resolution()
        .agentArgs("garbage,slow.threshold=x")
        .sysProp("reqtrace.statsd.prot", "1")
        .env("REQTRACE_LOG_LEVEL", "loud");
    resolution.resolve();
    assertThat(resolution.problems).containsExactly(
        "reqtrace: agent argument 'garbage' is not key=value; ignored",
        "reqtrace: unknown key reqtrace.statsd.prot (system property) ignored; did you mean reqtrace.statsd.port?",
        "reqtrace: reqtrace.slow.threshold=x is not a duration (e.g. 500ms, 2s); using 1s",
        "reqtrace: REQTRACE_LOG_LEVEL=loud is not one of trace, debug, info, warn, error, off; using info");
  }

  @Test
  void secretValuesAreNeverPrinted() {
    Resolution resolution = new Resolution()
        .sysProp("reqtrace.otlp.headers", "Authorization Bearer s3cr3t")
        .env("OTEL_EXPORTER_OTLP_HEADERS", "api-key");
    resolution.resolve();
    assertThat(resolution.problems).containsExactly(
        "reqtrace: reqtrace.otlp.headers=<redacted> is not a comma list of key=value (e.g. k1=v1,k2=v2);"
            + " using the empty default");
    assertThat(String.join("\n", resolution.problems)).doesNotContain("s3cr3t");
  }

  @Test
  void secretValuesAreRedactedForDisplay() {
    Config config = new Resolution().env("REQTRACE_OTLP_HEADERS", "api-key=s3cr3t").resolve();
    assertThat(config.display(Keys.OTLP_HEADERS)).isEqualTo("<redacted>");
    assertThat(config.display(Keys.SLOW_THRESHOLD)).isEqualTo("1s");
    assertThat(config.get(Keys.OTLP_HEADERS)).containsEntry("api-key", "s3cr3t");
  }

  @Test
  void unknownAgentArgumentKeyIsReportedAsWrittenWithSuggestion() {
    Resolution resolution = new Resolution().agentArgs("slow.treshold=2s");
    resolution.resolve();
    assertThat(resolution.problems).containsExactly(
        "reqtrace: unknown key slow.treshold (agent argument) ignored; did you mean reqtrace.slow.threshold?");
  }

  @Test
  void unknownKeyFarFromEveryKeyGetsNoSuggestion() {
    Resolution resolution = new Resolution().sysProp("reqtrace.colour", "blue");
    resolution.resolve();
    assertThat(resolution.problems).containsExactly("reqtrace: unknown key reqtrace.colour (system property) ignored");
  }

  @Test
  void systemPropertiesOutsideTheReqtraceNamespaceAreIgnored() {
    Resolution resolution = new Resolution().sysProp("user.dir", "/").sysProp("reqtraceX", "1");
    resolution.resolve();
    assertThat(resolution.problems).isEmpty();
  }

  @Test
  void unknownFileKeyIsReportedWithTheFile() throws IOException {
    Path file = dir.resolve("r.properties");
    Files.writeString(file, "reqtrace.statsd.hots=x\nreqtrace.config=other.properties\n", StandardCharsets.UTF_8);
    Resolution resolution = new Resolution().sysProp("reqtrace.config", file.toString());
    resolution.resolve();
    assertThat(resolution.problems).containsExactly(
        "reqtrace: reqtrace.config (file " + file + ") ignored; a config file cannot name another",
        "reqtrace: unknown key reqtrace.statsd.hots (file " + file + ") ignored; did you mean reqtrace.statsd.host?");
  }

  @Test
  void missingFileIsReportedAndOtherSourcesStillApply() {
    Path missing = dir.resolve("missing.properties");
    Resolution resolution = new Resolution()
        .env("REQTRACE_CONFIG", missing.toString())
        .env("REQTRACE_STATSD_PORT", "9125");
    Config config = resolution.resolve();
    assertThat(resolution.problems)
        .containsExactly("reqtrace: cannot read config file " + missing + " (no such file); ignoring it");
    assertThat(config.get(Keys.STATSD_PORT)).isEqualTo(9125);
  }

  @Test
  void directoryAsFileIsReported() {
    Resolution resolution = new Resolution().env("REQTRACE_CONFIG", dir.toString());
    resolution.resolve();
    assertThat(resolution.problems).singleElement().asString()
        .startsWith("reqtrace: cannot read config file " + dir + " (")
        .endsWith("); ignoring it");
  }

  @Test
  void nullSourcesAreTreatedAsEmpty() {
    java.util.List<String> problems = new java.util.ArrayList<>();
    Config config = Config.resolve(null, null, null, problems::add);
    assertThat(config.get(Keys.STATSD_PORT)).isEqualTo(8125);
    assertThat(problems).isEmpty();
  }
}
