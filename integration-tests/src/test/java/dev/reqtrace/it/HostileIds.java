package dev.reqtrace.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Inbound X-Request-ID values for the fuzz, as raw bytes: CR/LF injection, 10 KB values, non-ASCII
 * bytes, control characters, empty and blank values, separators, 129 characters, mixed with valid
 * values. Deterministic for a seed, so a failure can be replayed.
 */
final class HostileIds {
  static final String ALLOWED =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.~:@+/=-";
  /** Response headers no response may ever carry: they only exist inside injected values. */
  static final String INJECTED_HEADER = "X-Injected";
  static final String INJECTED_COOKIE = "Set-Cookie";

  private static final String SEPARATORS = "\"(),;<>[]\\{}?!#$%&'*^|`";
  private static final String[] LINE_BREAKS = {"\r\n", "\n", "\r"};
  private static final String[] INJECTIONS = {
    "Set-Cookie: x=1", "X-Injected: 1", "X-Injected:1", " X-Injected: folded",
    "Set-Cookie: reqtrace=pwned; Path=/", "X-Injected: " + "a".repeat(40)};

  private final Random random;

  HostileIds(long seed) {
    this.random = new Random(seed);
  }

  /** {@code count} values, each a kind drawn at random (valid ones about one in five). */
  List<byte[]> generate(int count) {
    List<byte[]> values = new ArrayList<>(count);
    values.add(ascii("abc\r\nSet-Cookie: x=1")); // the classic, always included
    values.add(ascii("a".repeat(10 * 1024)));
    values.add(ascii("a".repeat(129)));
    values.add(ascii(""));
    while (values.size() < count) {
      values.add(next());
    }
    return values;
  }

  private byte[] next() {
    switch (random.nextInt(10)) {
      case 0:
      case 1:
        return ascii(valid(1 + random.nextInt(128)));
      case 2:
      case 3: // CR/LF injection; never an empty line, which would end the request head
        return ascii(maybe(valid(1 + random.nextInt(20)))
            + pick(LINE_BREAKS) + pick(INJECTIONS));
      case 4: // too long: 10 KB, just over the limit, or anywhere between
        switch (random.nextInt(4)) {
          case 0: return ascii(valid(10 * 1024));
          case 1: return ascii(valid(129));
          case 2: return ascii(valid(129 + random.nextInt(4000)));
          default: return ascii(valid(5000) + "\r\n" + INJECTIONS[1]);
        }
      case 5: { // non-ASCII: raw high bytes or UTF-8 text
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(ascii(maybe(valid(1 + random.nextInt(10)))));
        if (random.nextBoolean()) {
          for (int i = 1 + random.nextInt(4); i > 0; i--) {
            b.write(0x80 + random.nextInt(0x80));
          }
        } else {
          b.writeBytes(pick(new String[] {"é", "日本語", "\uD83D\uDE00", "ü-id", "ﬁ"})
              .getBytes(StandardCharsets.UTF_8));
        }
        b.writeBytes(ascii(maybe(valid(1 + random.nextInt(10)))));
        return b.toByteArray();
      }
      case 6: // empty and blank
        return ascii(pick(new String[] {"", " ", "   ", "\t", "a b", "abc def", " a b ", "a\tb"}));
      case 7:
      case 8: // one separator or quote inside otherwise valid text
        return ascii(maybe(valid(1 + random.nextInt(20)))
            + SEPARATORS.charAt(random.nextInt(SEPARATORS.length()))
            + maybe(valid(1 + random.nextInt(20))));
      default: { // a control character (not CR/LF) or DEL
        int c = random.nextInt(33);
        char control = c == 32 ? (char) 0x7f : (char) c;
        if (control == '\r' || control == '\n') {
          control = 0;
        }
        return ascii(valid(1 + random.nextInt(10)) + control + maybe(valid(1 + random.nextInt(10))));
      }
    }
  }

  private String valid(int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(ALLOWED.charAt(random.nextInt(ALLOWED.length())));
    }
    return s.toString();
  }

  private String maybe(String s) {
    return random.nextBoolean() ? s : "";
  }

  private String pick(String[] options) {
    return options[random.nextInt(options.length)];
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * The value a correct server hands the application: up to the first CR or LF (anything after
   * is another header line or a rejected request), without surrounding spaces and tabs.
   */
  static String visibleValue(String raw) {
    int end = raw.length();
    for (int i = 0; i < raw.length(); i++) {
      if (raw.charAt(i) == '\r' || raw.charAt(i) == '\n') {
        end = i;
        break;
      }
    }
    return raw.substring(0, end).replaceAll("^[ \t]+|[ \t]+$", "");
  }

  /** Printable form for failure messages: control and non-ASCII characters escaped, cut at 120. */
  static String show(String raw) {
    StringBuilder s = new StringBuilder();
    for (char c : raw.toCharArray()) {
      if (s.length() > 120) {
        return s + "...(" + raw.length() + " chars)";
      }
      s.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
    }
    return s.toString();
  }
}
