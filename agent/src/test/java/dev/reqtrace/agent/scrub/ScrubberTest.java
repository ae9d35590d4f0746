package dev.reqtrace.agent.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reqtrace.agent.config.Config;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScrubberTest {
  private final Scrubber scrubber = Scrubber.from(Config.defaults());

  @Test
  void defaultKeysMatchExactSuffixAndSubstringCaseInsensitive() {
    assertThat(List.of("password", "PASSWORD", "pwd", "api_key", "X-API-Key", "access_token",
        "tokenId", "JSESSIONID", "Authorization", "x-auth-user", "credit_card_no", "CVV", "ssn",
        "Cookie", "Set-Cookie", "secret"))
        .allSatisfy(key -> assertThat(scrubber.isSecret(key)).as(key).isTrue());
    assertThat(List.of("user", "q", "item", "new_password", "secrets", "keyboard", "lang", "ssn2"))
        .allSatisfy(key -> assertThat(scrubber.isSecret(key)).as(key).isFalse());
  }

  @Test
  void patternsMayPutTheStarAnywhere() {
    Scrubber custom = Scrubber.of(List.of(" pass*word ", "x-*-id", "*"));
    assertThat(custom.isSecret("pass-the-word")).isTrue();
    assertThat(custom.isSecret("X-Tenant-Id")).isTrue();
    assertThat(Scrubber.of(List.of("pass*word")).isSecret("password2")).isFalse();
    assertThat(Scrubber.of(List.of()).isSecret("password")).isFalse();
  }

  @Test
  void scrubsAQueryStringKeepingItsShape() {
    assertThat(scrubber.query("q=shoes&password=hunter2&api_key=AKIA123&page=2"))
        .isEqualTo("q=shoes&password=[REDACTED]&api_key=[REDACTED]&page=2");
    assertThat(scrubber.query("access_token=abc&flag&empty=&x=1=2"))
        .isEqualTo("access_token=[REDACTED]&flag&empty=&x=1=2");
    // Keys are matched decoded, values are never decoded into the output.
    assertThat(scrubber.query("pass%77ord=a%20b&API%5FKEY=z&name=J%C3%BCrgen"))
        .isEqualTo("pass%77ord=[REDACTED]&API%5FKEY=[REDACTED]&name=J%C3%BCrgen");
    assertThat(scrubber.query("q=4111+1111+1111+1111&r=4111%201111%201111%201111"))
        .isEqualTo("q=[REDACTED-CARD]&r=[REDACTED-CARD]");
    assertThat(scrubber.query("bad=%zz&password=%")).isEqualTo("bad=%zz&password=[REDACTED]");
    assertThat(scrubber.query("")).isEmpty();
    assertThat(scrubber.query(null)).isNull();
  }

  @Test
  void scrubsAUrlsPathAndQueryAndDropsTheFragment() {
    assertThat(scrubber.url("http://127.0.0.1:8080/checkout/4111-1111-1111-1111?token=t0k&item=7#top"))
        .isEqualTo("http://127.0.0.1:8080/checkout/[REDACTED-CARD]?token=[REDACTED]&item=7");
    assertThat(scrubber.url("/cards/4111%201111%201111%201111/charge"))
        .isEqualTo("/cards/[REDACTED-CARD]/charge");
    assertThat(scrubber.url("/owners/1234567890123456")).isEqualTo("/owners/1234567890123456");
  }

  @Test
  void scrubsHeaders() {
    assertThat(scrubber.header("Authorization", "Bearer eyJhbGciOi.x.y")).isEqualTo("[REDACTED]");
    assertThat(scrubber.header("authorization", "Basic dXNlcjpwYXNz")).isEqualTo("[REDACTED]");
    assertThat(scrubber.header("Cookie", "JSESSIONID=ABC; lang=en")).isEqualTo("[REDACTED]");
    assertThat(scrubber.header("X-Api-Key", "k-123")).isEqualTo("[REDACTED]");
    assertThat(scrubber.header("User-Agent", "curl/8.5.0")).isEqualTo("curl/8.5.0");
    assertThat(scrubber.header("Referer", "http://shop/pay?password=x&card=4111111111111111"))
        .isEqualTo("http://shop/pay?password=[REDACTED]&card=[REDACTED-CARD]");
    assertThat(scrubber.header("Host", null)).isNull();
  }

  @Test
  void scrubsCookiesOneByOneWhenCookieItselfIsNotAKey() {
    Scrubber custom = Scrubber.of(List.of("*session*", "remember*"));
    assertThat(custom.header("Cookie", "JSESSIONID=ABC123; lang=en; remember_me=yes"))
        .isEqualTo("JSESSIONID=[REDACTED]; lang=en; remember_me=[REDACTED]");
  }

  @Test
  void scrubsFormParameters() {
    assertThat(scrubber.parameter("password", new String[] {"hunter2"})).isEqualTo("[REDACTED]");
    assertThat(scrubber.parameter("api_token", new String[] {"a", "b"})).isEqualTo("[REDACTED]");
    assertThat(scrubber.parameter("item", new String[] {"42", "43"})).isEqualTo("42, 43");
    assertThat(scrubber.parameter("note", new String[] {"pay with 4111 1111 1111 1111 please"}))
        .isEqualTo("pay with [REDACTED-CARD] please");
    assertThat(scrubber.parameter("x", new String[0])).isEmpty();
    assertThat(scrubber.value("pwd", "x")).isEqualTo("[REDACTED]");
    assertThat(scrubber.value("q", "4111111111111111")).isEqualTo("[REDACTED-CARD]");
  }

  @Test
  void scrubsPairsAndCardsInFreeText() {
    assertThat(scrubber.text("payment declined for card 4111-1111-1111-1111 (retry 2)"))
        .isEqualTo("payment declined for card [REDACTED-CARD] (retry 2)");
    assertThat(scrubber.text("login failed: password=hunter2, user=bob"))
        .isEqualTo("login failed: password=[REDACTED], user=bob");
    assertThat(scrubber.text("{\"api_key\":\"AKIA\",\"n\":1} Authorization: Bearer abc.def next"))
        .isEqualTo("{\"api_key\":\"[REDACTED]\",\"n\":1} Authorization: [REDACTED] next");
    assertThat(scrubber.text("jdbc:postgresql://db/app?user=app&password=s3cr3t"))
        .isEqualTo("jdbc:postgresql://db/app?user=app&password=[REDACTED]");
    assertThat(scrubber.text("nothing to see")).isEqualTo("nothing to see");
  }

  @ParameterizedTest
  @ValueSource(strings = {"4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111111",
      "5500 0000 0000 0004", "378282246310005", "6011111111111117", "4222222222222",
      "4111-1111 1111-1111"})
  void masksLuhnValidCardNumbers(String card) {
    assertThat(Scrubber.cards("card " + card + ".")).isEqualTo("card [REDACTED-CARD].");
    assertThat(Scrubber.cards(card)).isEqualTo("[REDACTED-CARD]");
    assertThat(Scrubber.containsCard("x" + card + "y")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"4111 1111 1111 1112", "1234567890123456", "4111-1111-1111-1110",
      "411111111111", "41111111111111111111", "4111  1111 1111 1111", "4111--1111-1111-1111",
      "order 2024-01-15 12:00", "+1 555-123-4567", "1700000000000 ms"})
  void leavesEverythingElseUntouched(String text) {
    assertThat(Scrubber.cards(text)).isSameAs(text);
    assertThat(Scrubber.containsCard(text)).isFalse();
  }

  @Test
  void findsACardInsideALongerRunOfGroups() {
    assertThat(Scrubber.cards("ref 12 4111 1111 1111 1111 7"))
        .isEqualTo("ref 12 [REDACTED-CARD] 7");
    assertThat(Scrubber.cards("4111111111111111 and 5500-0000-0000-0004"))
        .isEqualTo("[REDACTED-CARD] and [REDACTED-CARD]");
    assertThat(Scrubber.cards(null)).isNull();
  }
}
