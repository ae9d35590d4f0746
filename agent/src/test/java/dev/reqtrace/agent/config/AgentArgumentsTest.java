package dev.reqtrace.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentArgumentsTest {

  @Test
  void segmentWithoutEqualsContinuesThePreviousValue() {
    Resolution resolution = new Resolution()
        .agentArgs("reqtrace.exporter=log,statsd,reqtrace.tags=env:prod,region:eu");
    Config config = resolution.resolve();
    assertThat(config.get(Keys.EXPORTER)).containsExactly("log", "statsd");
    assertThat(config.get(Keys.TAGS)).containsExactly(Map.entry("env", "prod"), Map.entry("region", "eu"));
    assertThat(resolution.problems).isEmpty();
  }

  @Test
  void keysMayLeaveOutThePrefixAndWhitespaceIsTrimmed() {
    Resolution resolution = new Resolution().agentArgs(" slow.threshold = 250ms , statsd.port=9125 ");
    Config config = resolution.resolve();
    assertThat(config.get(Keys.SLOW_THRESHOLD)).isEqualTo(Duration.ofMillis(250));
    assertThat(config.get(Keys.STATSD_PORT)).isEqualTo(9125);
    assertThat(resolution.problems).isEmpty();
  }

  @Test
  void keyValueListValueContinuesWithSegmentsThatAreNotKeys() {
    Resolution resolution = new Resolution()
        .agentArgs("otlp.headers=api-key=abc,tenant=t1,exporter=otlp");
    Config config = resolution.resolve();
    assertThat(config.get(Keys.OTLP_HEADERS))
        .containsExactly(Map.entry("api-key", "abc"), Map.entry("tenant", "t1"));
    assertThat(config.get(Keys.EXPORTER)).containsExactly("otlp");
    assertThat(resolution.problems).isEmpty();
  }

  @Test
  void leadingSegmentWithoutEqualsIsReportedAsGarbage() {
    Resolution resolution = new Resolution().agentArgs("xyz,reqtrace.statsd.port=9125");
    Config config = resolution.resolve();
    assertThat(resolution.problems).containsExactly("reqtrace: agent argument 'xyz' is not key=value; ignored");
    assertThat(config.get(Keys.STATSD_PORT)).isEqualTo(9125);
  }

  @Test
  void emptyKeyIsReportedAsGarbageWithItsContinuation() {
    Resolution resolution = new Resolution().agentArgs("statsd.port=9125,=5,six");
    Config config = resolution.resolve();
    assertThat(resolution.problems).containsExactly("reqtrace: agent argument '=5,six' is not key=value; ignored");
    assertThat(config.get(Keys.STATSD_PORT)).isEqualTo(9125);
  }

  @Test
  void lastOccurrenceOfARepeatedKeyWins() {
    Config config = new Resolution().agentArgs("statsd.port=1,reqtrace.statsd.port=2").resolve();
    assertThat(config.get(Keys.STATSD_PORT)).isEqualTo(2);
  }

  @Test
  void emptyOrMissingArgumentsAreNoProblem() {
    for (String args : new String[] {null, "", " , ,"}) {
      Resolution resolution = new Resolution().agentArgs(args);
      resolution.resolve();
      assertThat(resolution.problems).as(String.valueOf(args)).isEmpty();
    }
  }
}
