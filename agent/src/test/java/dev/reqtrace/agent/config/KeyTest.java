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
        .isEqualTo("Requests at least this long get a WARN report, the slow flag and a slow count.");
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
    assertThatThrownBy(() -> Key.duration("reqtrace.x", "10", "x."))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("default of reqtrace.x '10' is not a duration (e.g. 500ms, 2s)");
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
