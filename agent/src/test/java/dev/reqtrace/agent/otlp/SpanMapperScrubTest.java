package dev.reqtrace.agent.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reqtrace.agent.scrub.Scrubber;
import io.opentelemetry.sdk.trace.data.EventData;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanMapperScrubTest {
  private final Scrubber scrubber = Scrubber.of(List.of("password", "*token*"));

  @Test
  void exceptionEventsCarryNoCardNumberOrSecretValue() {
    Exception thrown = new IllegalStateException("charge failed for 4111 1111 1111 1111 password=S3cret!",
        new RuntimeException("retry with token=abc123"));
    EventData event = SpanMapper.exceptionEvent(thrown, 0, scrubber);

    String message = event.getAttributes().get(SpanMapper.EXCEPTION_MESSAGE);
    String trace = event.getAttributes().get(SpanMapper.EXCEPTION_STACKTRACE);
    assertThat(message).contains("charge failed for").doesNotContain("4111").doesNotContain("S3cret!");
    assertThat(trace).contains("IllegalStateException").contains("SpanMapperScrubTest")
        .doesNotContain("4111").doesNotContain("S3cret!").doesNotContain("abc123");
  }
}
