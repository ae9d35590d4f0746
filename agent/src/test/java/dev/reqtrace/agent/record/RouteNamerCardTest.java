package dev.reqtrace.agent.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Route names end up in metric tags and reports: no card number may survive in one. */
class RouteNamerCardTest {
  @Test
  void aCardNumberSegmentBecomesAnIdInEveryNotation() {
    assertThat(RouteNamer.templateOf("/checkout/4111111111111111")).isEqualTo("/checkout/{id}");
    assertThat(RouteNamer.templateOf("/checkout/4111-1111-1111-1111/pay"))
        .isEqualTo("/checkout/{id}/pay");
    assertThat(RouteNamer.templateOf("/checkout/4111%201111%201111%201111"))
        .isEqualTo("/checkout/{id}");
    assertThat(RouteNamer.templateOf("/cards/visa-4111111111111111")).isEqualTo("/cards/{id}");
  }

  @Test
  void aPercentEncodedCardNumberSegmentBecomesAnId() {
    // A route is a metric tag: %2D separators and encoded digits hid the card from the check.
    assertThat(RouteNamer.templateOf("/checkout/4111%2D1111%2D1111%2D1111/pay"))
        .isEqualTo("/checkout/{id}/pay");
    assertThat(RouteNamer.templateOf("/checkout/%34111111111111111")).isEqualTo("/checkout/{id}");
    assertThat(RouteNamer.templateOf("/parts/4111%2D1111%2D1111%2D1112"))
        .isEqualTo("/parts/4111%2D1111%2D1111%2D1112");
  }

  @Test
  void dashedNumbersThatAreNoCardStay() {
    assertThat(RouteNamer.templateOf("/reports/2024-01-15")).isEqualTo("/reports/2024-01-15");
    assertThat(RouteNamer.templateOf("/parts/4111-1111-1111-1112")).isEqualTo("/parts/4111-1111-1111-1112");
  }
}
