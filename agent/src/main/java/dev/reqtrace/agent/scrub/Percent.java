package dev.reqtrace.agent.scrub;

import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding that never throws: {@link java.net.URLDecoder} rejects a stray {@code %}, and a
 * value that cannot be decoded must still be scrubbed. A malformed escape stays as sent; bytes that
 * are not UTF-8 become U+FFFD.
 */
final class Percent {
  private Percent() {}

  /** {@code text} decoded; {@code +} becomes a space when {@code plusIsSpace} (query strings). */
  static String decode(String text, boolean plusIsSpace) {
    if (text.indexOf('%') < 0 && (!plusIsSpace || text.indexOf('+') < 0)) {
      return text;
    }
    int n = text.length();
    StringBuilder out = new StringBuilder(n);
    byte[] bytes = new byte[n / 3];
    int count = 0;
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      int hi = c == '%' && i + 2 < n ? hex(text.charAt(i + 1)) : -1;
      int lo = hi >= 0 ? hex(text.charAt(i + 2)) : -1;
      if (lo >= 0) {
        bytes[count++] = (byte) (hi << 4 | lo);
        i += 3;
        continue;
      }
      if (count > 0) {
        out.append(new String(bytes, 0, count, StandardCharsets.UTF_8));
        count = 0;
      }
      out.append(plusIsSpace && c == '+' ? ' ' : c);
      i++;
    }
    if (count > 0) {
      out.append(new String(bytes, 0, count, StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
