package dev.reqtrace.statsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StatsdConfigTest {

  @Test
  void hasTheDocumentedDefaults() {
    StatsdConfig config = StatsdConfig.builder().build();
    assertThat(config.host()).isEqualTo("localhost");
    assertThat(config.port()).isEqualTo(8125);
    assertThat(config.format()).isEqualTo(StatsdFormat.DOGSTATSD);
    assertThat(config.prefix()).isEmpty();
    assertThat(config.sampleRate()).isEqualTo(1.0);
    assertThat(config.maxPacket()).isEqualTo(1432);
    assertThat(config.flushInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.queueCapacity()).isEqualTo(8192);
    assertThat(config.globalTags()).isEmpty();
    assertThat(config.closeTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config).hasToString("dogstatsd to localhost:8125");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    assertThatThrownBy(() -> StatsdConfig.builder().host(" ").port(0).format(null)
        .sampleRate(1.5).maxPacket(10).flushInterval(Duration.ZERO).queueCapacity(1)
        .globalTags(Arrays.asList("service:a", "prod")).closeTimeout(Duration.ofSeconds(-1))
        .errorHandler(null).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid statsd settings: host is empty; port 0 is not in 1..65535; "
            + "format is missing; sample rate 1.5 is not in (0, 1]; "
            + "max packet 10 is not in 64..65507; flush interval PT0S is not in 1ms..1h; "
            + "queue capacity 1 is not in 2..16777216; close timeout PT-1S is negative; "
            + "error handler is missing; global tag 'prod' is not key:value");
  }

  @Test
  void roundsCapacityUpAndCleansThePrefix() {
    StatsdConfig config = StatsdConfig.builder().queueCapacity(1000).prefix("my app.")
        .sampleRate(0.5).globalTags(Arrays.asList("env:prod")).build();
    assertThat(config.queueCapacity()).isEqualTo(1024);
    assertThat(config.prefix()).isEqualTo("my_app");
    assertThat(config).hasToString(
        "dogstatsd to localhost:8125, prefix my_app, sample rate 0.5, tags env:prod");
  }
}
