package dev.reqtrace.agent.scrub;

import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code key=value}, {@code key: value} and {@code "key": "value"} pairs in free text. An unquoted
 * value runs to whitespace or one of {@code " ' & , ; } ] )}, an HTTP auth scheme taking the
 * token after it ({@code Bearer abc}); a quoted value runs to its closing quote
 * ({@code "correct horse"}), which stays.
 */
final class Pairs {
  /**
   * A key and its separator; the value after them is read by hand. A key starts where a run of key
   * characters starts and takes the run whole: a pattern free to retry from inside a run
   * backtracked quadratically, 30 s on 40 k characters of a token or base64 blob.
   */
  private static final Pattern KEY = Pattern.compile(
      "(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]++)[\"']?\\s*+[=:]\\s*+");
  private static final String[] AUTH_SCHEMES = {"bearer", "basic", "digest", "token"};
  /** What ends an unquoted value, besides whitespace. */
  private static final String VALUE_END = "\"'&,;})]";
  /** How both masks start: a value already masked (a card, a URL's password) is left as it is. */
  private static final String MASKED = "[REDACTED";

  private Pairs() {}

  /**
   * {@code text} with the value of every pair whose key is {@code secret} replaced; the same
   * instance when there is none.
   */
  static String redact(String text, Predicate<String> secret, String replacement) {
    int n = text.length();
    Matcher m = KEY.matcher(text);
    StringBuilder out = null;
    int copied = 0;
    int from = 0;
    while (from < n && m.find(from)) {
      int at = m.end();
      char quote = at < n && (text.charAt(at) == '"' || text.charAt(at) == '\'') ? text.charAt(at) : 0;
      int start = quote == 0 ? at : at + 1;
      if (!secret.test(m.group(1)) || text.startsWith(MASKED, start)) {
        // "failed: password=x" must not hide the pair inside the value of "failed". Only secret
        // values are measured: measuring every one, nested ones too ("a=a=a=..."), is quadratic.
        from = start;
        continue;
      }
      int end = quote == 0 ? unquotedEnd(text, start) : closingQuote(text, start, quote);
      if (end > start) {
        if (out == null) {
          out = new StringBuilder(n);
        }
        out.append(text, copied, start).append(replacement);
        copied = end;
      }
      from = end;
    }
    return out == null ? text : out.append(text, copied, n).toString();
  }

  private static int unquotedEnd(String t, int start) {
    int end = wordEnd(t, start);
    for (String scheme : AUTH_SCHEMES) {
      if (end - start == scheme.length() && t.regionMatches(true, start, scheme, 0, end - start)) {
        int token = end;
        while (token < t.length() && Character.isWhitespace(t.charAt(token))) {
          token++;
        }
        int tokenEnd = wordEnd(t, token);
        return tokenEnd > token ? tokenEnd : end;
      }
    }
    return end;
  }

  private static int wordEnd(String t, int start) {
    int i = start;
    while (i < t.length() && !Character.isWhitespace(t.charAt(i))
        && VALUE_END.indexOf(t.charAt(i)) < 0) {
      i++;
    }
    return i;
  }

  /**
   * The closing quote of a value starting at {@code start}, a backslash escaping the next character.
   * An unclosed value (a truncated message) runs to the end of its line: better too much hidden.
   */
  private static int closingQuote(String t, int start, char quote) {
    int i = start;
    while (i < t.length()) {
      char c = t.charAt(i);
      if (c == quote || c == '\n' || c == '\r') {
        return i;
      }
      i += c == '\\' ? 2 : 1;
    }
    return t.length();
  }
}
