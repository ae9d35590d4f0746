package dev.reqtrace.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorDetailsTest {
  @Test
  void keepsAHashOfTheSessionIdNeverTheId() {
    ErrorDetails details = new ErrorDetails();
    details.capture("http://h/x", null, null, null, "4F1A0D2C9E8B7A6F5E4D3C2B1A098765", null);
    assertThat(details.sessionHash()).matches("[0-9a-f]{16}")
        .isEqualTo(ErrorDetails.hash("4F1A0D2C9E8B7A6F5E4D3C2B1A098765"))
        .doesNotContain("4F1A0D2C");
  }

  @Test
  void keepsOnlyPresentListedHeadersInOrder() {
    String[] values = new String[ErrorDetails.HEADERS.length];
    values[1] = "curl/8.5";
    values[ErrorDetails.HEADERS.length - 1] = "JSESSIONID=abc";
    ErrorDetails details = new ErrorDetails();
    details.capture("http://h/x", "a=1", values, "alice", null, null);
    assertThat(details.headers()).containsExactly(
        Map.entry("User-Agent", "curl/8.5"), Map.entry("Cookie", "JSESSIONID=abc"));
    assertThat(details.user()).isEqualTo("alice");
    assertThat(details.sessionHash()).isNull();
    assertThat(details.parametersKnown()).isFalse();
    assertThat(details.parameters()).isEmpty();
  }

  @Test
  void copiesParametersBoundedAndDetachedFromTheContainersMap() {
    Map<String, String[]> params = new LinkedHashMap<>();
    for (int i = 0; i < 40; i++) {
      params.put("p" + i, new String[] {"v" + i});
    }
    params.put("p0", new String[] {"x".repeat(1000)});
    ErrorDetails details = new ErrorDetails();
    details.capture("http://h/x", null, null, null, null, params);
    params.get("p1")[0] = "changed by the container";

    assertThat(details.parameters()).hasSize(ErrorDetails.MAX_PARAMETERS);
    assertThat(details.parameters().get("p1")).containsExactly("v1");
    assertThat(details.parameters().get("p0")[0]).hasSize(ErrorDetails.MAX_VALUE + 3).endsWith("...");
  }

  @Test
  void capturesOnlyOnceAndOnlyForFailures() {
    Activation activation = RequestScope.start("GET", "/x", null, null);
    RequestScope scope = activation.scope();
    try {
      assertThat(scope.captureErrorDetails(200, null)).isNull();
      assertThat(scope.captureErrorDetails(404, "not a throwable")).isNull();
      ErrorDetails first = scope.captureErrorDetails(200, new IllegalStateException());
      assertThat(first).isNotNull().isSameAs(scope.errorDetails());
      assertThat(scope.captureErrorDetails(503, null)).isNull();
    } finally {
      activation.end(500, null, null);
    }
  }
}
