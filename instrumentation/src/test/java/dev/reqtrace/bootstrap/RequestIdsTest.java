package dev.reqtrace.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestIdsTest {
  @Test
  void acceptsIdsOfTheAllowedAlphabetUpTo128Characters() {
    assertThat(RequestIds.isValid("abc-DEF_123.~:@+/=")).isTrue();
    assertThat(RequestIds.isValid("a".repeat(128))).isTrue();
  }

  @Test
  void replacesInboundIdContainingCrLf() {
    assertThat(RequestIds.isValid("abc\r\nSet-Cookie: x=1")).isFalse();
    assertThat(RequestIds.isValid("abc\n")).isFalse();
  }

  @Test
  void rejectsEmptyTooLongSpacesNonAsciiAndSeparators() {
    assertThat(RequestIds.isValid(null)).isFalse();
    assertThat(RequestIds.isValid("")).isFalse();
    assertThat(RequestIds.isValid("a".repeat(129))).isFalse();
    assertThat(RequestIds.isValid("a b")).isFalse();
    assertThat(RequestIds.isValid("caf\u00e9")).isFalse();
    assertThat(RequestIds.isValid("\u0130d")).isFalse();
    for (char c : ",;\"'<>()[]{}\\?#%&*!$^`|\t".toCharArray()) {
      assertThat(RequestIds.isValid("a" + c + "b")).as("separator %s", c).isFalse();
    }
  }

  @Test
  void generatesLowercaseHexTraceAndSpanIds() {
    for (int i = 0; i < 1000; i++) {
      assertThat(RequestIds.newTraceId()).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
      assertThat(RequestIds.newSpanId()).matches("[0-9a-f]{16}").isNotEqualTo("0".repeat(16));
    }
  }

  @Test
  void writesSpanIdBitsAsSixteenHexDigitsWithLeadingZeros() {
    assertThat(RequestIds.spanIdText(0x00f067aa0ba902b7L)).isEqualTo("00f067aa0ba902b7");
    assertThat(RequestIds.spanIdText(-1L)).isEqualTo("ffffffffffffffff");
    assertThat(RequestIds.spanIdText(1L)).isEqualTo("0000000000000001");
  }

  @Test
  void continuesAValidTraceparent() {
    String header = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    assertThat(RequestIds.traceIdOf(header)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(RequestIds.parentSpanIdOf(header)).isEqualTo("00f067aa0ba902b7");
  }

  @Test
  void ignoresMalformedTraceparents() {
    assertThat(RequestIds.traceIdOf(null)).isNull();
    assertThat(RequestIds.traceIdOf("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7")).isNull();
    assertThat(RequestIds.traceIdOf("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isNull();
    assertThat(RequestIds.traceIdOf("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")).isNull();
    assertThat(RequestIds.traceIdOf("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isNull();
    assertThat(RequestIds.traceIdOf("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isNull();
    assertThat(RequestIds.traceIdOf("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x")).isNull();
  }

  @Test
  void acceptsFutureTraceparentVersionsWithExtraFields() {
    assertThat(RequestIds.traceIdOf("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"))
        .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }
}
