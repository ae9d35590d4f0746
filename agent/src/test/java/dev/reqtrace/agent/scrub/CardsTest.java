package dev.reqtrace.agent.scrub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CardsTest {
  @Test
  void masksACardAfterMoreThan64GroupsInOneRun() {
    // None of the 13-19 digit windows of ones passes Luhn, so only the card itself goes.
    assertThat(Cards.mask("qty " + "1-".repeat(64) + "1 4111111111111111", "#"))
        .isEqualTo("qty " + "1-".repeat(64) + "1 #");
  }

  static IntStream groupsBefore() {
    return IntStream.rangeClosed(0, 140);
  }

  /**
   * A card whose groups lie on either side of group 64 was cut off. And a run of short groups
   * holds, by chance, Luhn-valid windows that overlap the card; masking only the leftmost of them
   * showed the card's last 12 digits.
   */
  @ParameterizedTest
  @MethodSource("groupsBefore")
  void masksEveryDigitOfACardWhereverItSitsInARunOfGroups(int before) {
    String masked = Cards.mask("1-".repeat(before) + "4111 1111 1111 1111 end", "#");
    assertThat(masked).matches("(1-)*# end");
  }

  @Test
  void masksOverlappingCardsAsOneSpan() {
    // 4111 1111 1111 1111 and 1111 1111 1111 1117 share three groups.
    assertThat(Cards.mask("a 4111 1111 1111 1111 1117 b", "#")).isEqualTo("a # b");
  }

  @Test
  void takesLinearTimeOnLongRuns() {
    String groups = "1-".repeat(1_000_000) + "4111111111111111";
    String digits = "7".repeat(2_000_000);
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      assertThat(Cards.mask(groups, "#")).endsWith("-#");
      assertThat(Cards.mask(digits, "#")).isSameAs(digits);
      assertThat(Cards.mask("12 ".repeat(1_000_000), "#")).doesNotContain("#");
    });
  }
}
