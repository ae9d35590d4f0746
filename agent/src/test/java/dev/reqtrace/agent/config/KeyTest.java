package dev.reqtrace.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyTest {

  @Test
  void derivesEnvNameByUpperCasingAndReplacingDots() {
    assertThat(Keys.SLOW_THRESHOLD.envName()).isEqualTo("REQTRACE_SLOW_THRESHOLD");
    assertThat(Keys.N_PLUS_ONE_THRESHOLD.envName()).isEqualTo("REQTRACE_N_PLUS_ONE_THRESHOLD");
    assertThat(Keys.instrumentationEnabled("jdbc").envName()).isEqualTo("REQTRACE_INSTRUMENTATION_JDBC_ENABLED");
  }

  @Test
  void exposesNameDefaultTextAndMeaning() {
    assertThat(Keys.SLOW_THRESHOLD.name()).isEqualTo("reqtrace.slow.threshold");
    assertThat(Keys.SLOW_THRESHOLD.defaultText()).isEqualTo("1s");
    assertThat(Keys.SLOW_THRESHOLD.defaultValue()).isEqualTo(Duration.ofSeconds(1));
    assertThat(Keys.SLOW_THRESHOLD.meaning())
        .isEqualTo("Requests at least this long get a WARN report, the slow flag and a slow count; at most `24h`,"
            + " and `0` turns all three off.");
  }

  @Test
  void readsDurationsWithUnitsAndBareZero() throws Exception {
    assertThat(Keys.SLOW_THRESHOLD.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Keys.SLOW_THRESHOLD.parse("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(Keys.SLOW_THRESHOLD.parse("1m")).isEqualTo(Duration.ofMinutes(1));
    assertThat(Keys.SLOW_THRESHOLD.parse("1H")).isEqualTo(Duration.ofHours(1));
    assertThat(Keys.LOG_SUMMARY_INTERVAL.parse("0")).isEqualTo(Duration.ZERO);
  }

  @Test
  void rejectsBareNumbersFractionsAndNegativeDurations() {
    for (String text : List.of("500", "1.5s", "-1s", "2 sec", "s", "9999999999999h")) {
      assertThatThrownBy(() -> Keys.SLOW_THRESHOLD.parse(text))
          .as(text).hasMessage("is not a duration (e.g. 500ms, 2s)");
    }
  }

  @Test
  void formatsDurationsInTheLargestExactUnit() {
    assertThat(Key.formatDuration(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Key.formatDuration(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Key.formatDuration(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThat(Key.formatDuration(Duration.ofHours(3))).isEqualTo("3h");
    assertThat(Key.formatDuration(Duration.ZERO)).isEqualTo("0");
  }

  @Test
  void treatsNamesWithCredentialWordsAsSecret() {
    assertThat(Keys.OTLP_HEADERS.secret()).isTrue();
    assertThat(Key.string("reqtrace.api.token", "", "x.").secret()).isTrue();
    assertThat(Key.string("reqtrace.db.password", "", "x.").secret()).isTrue();
    assertThat(Keys.REQUEST_ID_HEADER.secret()).isFalse();
    assertThat(Keys.SLOW_THRESHOLD.secret()).isFalse();
  }

  @Test
  void failsFastOnABadDefault() {
    assertThatThrownBy(() -> Key.duration("reqtrace.x", "10", Duration.ZERO, Duration.ofHours(1), "x."))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("default of reqtrace.x '10' is not a duration (e.g. 500ms, 2s)");
  }

  @Test
  void rejectsADurationLongerThanTheKeysMaximum() throws Exception {
    Key<Duration> key = Key.duration("reqtrace.x", "1s", Duration.ofSeconds(1), Duration.ofMinutes(5), "x.");
    assertThat(key.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(() -> key.parse("301s")).hasMessage("is longer than the maximum 5m");
    assertThatThrownBy(() -> key.parse("999999999999h")).hasMessage("is longer than the maximum 5m");
  }

  @Test
  void refusesADurationRangeBeyondAYear() {
    assertThatThrownBy(() -> Key.duration("reqtrace.x", "1s", Duration.ZERO, Duration.ofHours(8761), "x."))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duration range of reqtrace.x must lie within 0..8760h: 0..8761h");
  }

  @Test
  void acceptsOtlpHeadersTheHttpClientCanSend() throws Exception {
    assertThat(Keys.OTLP_HEADERS.parse("api-key=a%20b%09c,X-Tenant=caf%C3%A9"))
        .containsExactly(Map.entry("api-key", "a b\tc"), Map.entry("X-Tenant", "caf\u00e9"));
  }

  /** The JDK HTTP client throws on these when it sends, so every OTLP export would fail. */
  @Test
  void rejectsOtlpHeadersTheHttpClientRefuses() {
    assertThatThrownBy(() -> Keys.OTLP_HEADERS.parse("api key=abc"))
        .hasMessage("has a header name that is not an HTTP token (letters, digits, !#$%&'*+-.^_`|~)");
    for (String restricted : List.of("Host", "connection", "Content-Length", "EXPECT", "upgrade")) {
      assertThatThrownBy(() -> Keys.OTLP_HEADERS.parse(restricted + "=x")).as(restricted)
          .hasMessageEndingWith(", a header the HTTP client sets itself");
    }
    for (String value : List.of("a%0D%0Ab", "a%00", "a%7F", "%E2%82%AC")) {
      assertThatThrownBy(() -> Keys.OTLP_HEADERS.parse("api-key=" + value)).as(value)
          .hasMessage("has a header value with a control character or one beyond Latin-1");
    }
  }

  @Test
  void rejectsKeyNamesOutsideTheReqtraceNamespace() {
    assertThatThrownBy(() -> Key.string("slow.threshold", "", "x."))
        .hasMessage("key name must be reqtrace. plus dotted lower_snake_case: slow.threshold");
  }

  @Test
  void readsExporterChoicesInOrderWithoutDuplicates() throws Exception {
    assertThat(Keys.EXPORTER.parse("StatsD, log,statsd")).containsExactly("statsd", "log");
  }

  @Test
  void rejectsNoneCombinedWithOtherExporters() {
    assertThatThrownBy(() -> Keys.EXPORTER.parse("none,log")).hasMessage("combines none with other values");
  }

  @Test
  void readsTagsAsAnOrderedMap() throws Exception {
    assertThat(Keys.TAGS.parse("region:eu, env:prod,url:http://x"))
        .containsExactly(Map.entry("region", "eu"), Map.entry("env", "prod"), Map.entry("url", "http://x"));
  }

  @Test
  void percentDecodesKeyValuePairsLikeTheOpenTelemetrySdk() throws Exception {
    assertThat(Keys.OTLP_RESOURCE_ATTRIBUTES.parse("deployment.environment=prod,team=a%2Cb"))
        .containsExactly(Map.entry("deployment.environment", "prod"), Map.entry("team", "a,b"));
  }

  @Test
  void acceptsOnlyHttpTokensAsRequestIdHeader() throws Exception {
    assertThat(Keys.REQUEST_ID_HEADER.parse("X-Correlation-Id")).isEqualTo("X-Correlation-Id");
    assertThatThrownBy(() -> Keys.REQUEST_ID_HEADER.parse("X Request"))
        .hasMessage("is not an HTTP header name (letters, digits, !#$%&'*+-.^_`|~; at most 64)");
    assertThatThrownBy(() -> Keys.REQUEST_ID_HEADER.parse("X".repeat(65))).isInstanceOf(Key.BadValue.class);
  }
}
