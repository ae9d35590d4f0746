package dev.reqtrace.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.reqtrace.statsd.StatsdConfig;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class KeysTest {

  @Test
  void allListsEveryKeyConstantInDeclarationOrder() throws IllegalAccessException {
    List<Key<?>> constants = new ArrayList<>();
    for (Field field : Keys.class.getDeclaredFields()) {
      if (field.getType() == Key.class && Modifier.isPublic(field.getModifiers())) {
        constants.add((Key<?>) field.get(null));
      }
    }
    assertThat(Keys.all().subList(0, constants.size())).containsExactlyElementsOf(constants);
  }

  @Test
  void generatesOneEnabledKeyPerInstrumentationLast() {
    List<String> generated = Keys.all().subList(Keys.all().size() - Keys.INSTRUMENTATIONS.size(), Keys.all().size())
        .stream().map(Key::name).collect(Collectors.toList());
    assertThat(generated).containsExactly("reqtrace.instrumentation.servlet.enabled",
        "reqtrace.instrumentation.jdbc.enabled", "reqtrace.instrumentation.async.enabled");
    assertThat(Keys.instrumentationEnabled("jdbc").defaultValue()).isTrue();
  }

  @Test
  void namesAreUnique() {
    assertThat(Keys.all().stream().map(Key::name)).doesNotHaveDuplicates();
  }

  @Test
  void everyMeaningIsOneSentence() {
    for (Key<?> key : Keys.all()) {
      assertThat(key.meaning().replace("e.g. ", "")).as(key.name())
          .endsWith(".").doesNotContain(". ").doesNotContain("\n");
    }
  }

  @Test
  void everyOtelAliasIsDocumentedInItsMeaning() {
    List<String> aliased = new ArrayList<>();
    for (Key<?> key : Keys.all()) {
      key.otelAlias().ifPresent(alias -> {
        aliased.add(key.name() + " <- " + alias);
        assertThat(key.meaning()).as(key.name()).contains("`" + alias + "`");
      });
    }
    assertThat(aliased).containsExactly(
        "reqtrace.service <- OTEL_SERVICE_NAME",
        "reqtrace.otlp.endpoint <- OTEL_EXPORTER_OTLP_ENDPOINT",
        "reqtrace.otlp.protocol <- OTEL_EXPORTER_OTLP_PROTOCOL",
        "reqtrace.otlp.headers <- OTEL_EXPORTER_OTLP_HEADERS",
        "reqtrace.otlp.resource_attributes <- OTEL_RESOURCE_ATTRIBUTES");
  }

  /**
   * Durations end up in nanoseconds, which overflow past about 2,562,047h: every duration key must
   * refuse the longest value the parser reads, accept its maximum and say it in its meaning.
   */
  @Test
  void everyDurationKeyHasAMaximumItsMeaningStates() throws Exception {
    Pattern maximum = Pattern.compile("is longer than the maximum (\\S+)");
    List<String> checked = new ArrayList<>();
    for (Key<?> key : Keys.all()) {
      if (!(key.defaultValue() instanceof Duration)) {
        continue;
      }
      Key.BadValue refused = catchThrowableOfType(() -> key.parse("999999999999h"), Key.BadValue.class);
      assertThat(refused).as(key.name()).isNotNull();
      Matcher m = maximum.matcher(refused.getMessage());
      assertThat(m.matches()).as(key.name() + ": " + refused.getMessage()).isTrue();
      assertThat(key.meaning()).as(key.name()).contains("`" + m.group(1) + "`");
      assertThat(((Duration) key.parse(m.group(1))).toNanos()).as(key.name()).isPositive();
      checked.add(key.name() + " <= " + m.group(1));
    }
    assertThat(checked).containsExactly(
        "reqtrace.slow.threshold <= 24h",
        "reqtrace.log.summary_interval <= 24h",
        "reqtrace.metrics.interval <= 1h",
        "reqtrace.statsd.flush_interval <= 1h",
        "reqtrace.otlp.timeout <= 10m",
        "reqtrace.error.summary_interval <= 24h");
  }

  /** StatsdConfig.build() throws past its limit, which would leave the StatsD exporter out. */
  @Test
  void statsdFlushIntervalStopsWhereTheClientDoes() throws Exception {
    assertThat(Keys.STATSD_FLUSH_INTERVAL.parse("60m")).isEqualTo(StatsdConfig.MAX_FLUSH_INTERVAL);
    StatsdConfig.builder().flushInterval(Keys.STATSD_FLUSH_INTERVAL.parse("1h")).build();
    assertThatThrownBy(() -> Keys.STATSD_FLUSH_INTERVAL.parse("3601s"))
        .hasMessage("is longer than the maximum 1h");
  }

  @Test
  void defaultsMatchTheDesign() {
    assertThat(Keys.all().stream().map(k -> k.name() + "=" + k.defaultText())).containsExactly(
        "reqtrace.config=",
        "reqtrace.service=",
        "reqtrace.exporter=log",
        "reqtrace.request_id.header=X-Request-ID",
        "reqtrace.slow.threshold=1s",
        "reqtrace.n_plus_one.threshold=10",
        "reqtrace.max_routes=500",
        "reqtrace.tags=",
        "reqtrace.log.level=info",
        "reqtrace.log.file=",
        "reqtrace.log.summary_interval=60s",
        "reqtrace.metrics.interval=10s",
        "reqtrace.statsd.host=127.0.0.1",
        "reqtrace.statsd.port=8125",
        "reqtrace.statsd.format=dogstatsd",
        "reqtrace.statsd.prefix=",
        "reqtrace.statsd.sample_rate=1.0",
        "reqtrace.statsd.max_packet=1432",
        "reqtrace.statsd.flush_interval=1s",
        "reqtrace.statsd.queue_size=8192",
        "reqtrace.otlp.endpoint=",
        "reqtrace.otlp.protocol=http/protobuf",
        "reqtrace.otlp.headers=",
        "reqtrace.otlp.resource_attributes=",
        "reqtrace.otlp.timeout=10s",
        "reqtrace.scrub.keys=password,passwd,pwd,secret,*key,*token*,*session*,*auth*,*credit*,*card*,cvv,ssn,"
            + "cookie,set-cookie,authorization",
        "reqtrace.error.summary_interval=60s",
        "reqtrace.instrumentation.servlet.enabled=true",
        "reqtrace.instrumentation.jdbc.enabled=true",
        "reqtrace.instrumentation.async.enabled=true");
  }
}
