package dev.reqtrace.agent.scrub;

import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code key=value}, {@code key: value} and {@code "key": "value"} pairs in free text, also as
 * escaped JSON inside a message ({@code {\"key\":\"value\"}}). An unquoted secret value runs to
 * whitespace ({@code abc;def} whole), less the punctuation that ends it ({@code " ' & , ; } ] )}
 * before whitespace or the end: {@code password=x, user=bob}), and stops at one of {@code & , ;}
 * followed by another pair ({@code password=x&card=y}); an HTTP auth scheme takes the token after
 * it ({@code Bearer abc}). A quoted value runs to its closing quote ({@code "correct horse"}),
 * which stays.
 */
final class Pairs {
  /**
   * A key and its separator; the value after them is read by hand. A key starts where a run of key
   * characters starts and takes the run whole: a pattern free to retry from inside a run
   * backtracked quadratically, 30 s on 40 k characters of a token or base64 blob.
   */
  private static final Pattern KEY = Pattern.compile(
      "(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]++)(?:\\\\?[\"'])?\\s*+[=:]\\s*+");
  private static final String[] AUTH_SCHEMES = {"bearer", "basic", "digest", "token"};
  /** Punctuation trimmed from the end of an unquoted value. */
  private static final String VALUE_END = "\"'&,;})]";
  /** What ends an unquoted value when another pair follows it. */
  private static final String PAIR_SEPARATORS = "&,;";
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
      // An escaped quote (\") opens a value in JSON that was itself put in a string.
      boolean escaped = at + 1 < n && text.charAt(at) == '\\' && isQuote(text.charAt(at + 1));
      int open = escaped ? at + 1 : at;
      char quote = open < n && isQuote(text.charAt(open)) ? text.charAt(open) : 0;
      int start = quote == 0 ? at : open + 1;
      if (!secret.test(m.group(1)) || text.startsWith(MASKED, start)) {
        // "failed: password=x" must not hide the pair inside the value of "failed". Only secret
        // values are measured: measuring every one, nested ones too ("a=a=a=..."), is quadratic.
        from = start;
        continue;
      }
      int end = quote == 0 ? unquotedEnd(text, start)
          : escaped ? escapedClosingQuote(text, start, quote) : closingQuote(text, start, quote);
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

  /**
   * The end of an unquoted secret value. Cutting it at the first {@code ; , & ) '} showed the rest
   * of a password holding one ({@code abc;def}), so it runs to whitespace, except where another
   * pair follows a separator. Each separator looks ahead over one key run, which holds no
   * separator, so the scan stays linear.
   */
  private static int wordEnd(String t, int start) {
    int n = t.length();
    int i = start;
    while (i < n && !Character.isWhitespace(t.charAt(i))) {
      if (PAIR_SEPARATORS.indexOf(t.charAt(i)) >= 0 && pairFollows(t, i + 1)) {
        break;
      }
      i++;
    }
    while (i > start && VALUE_END.indexOf(t.charAt(i - 1)) >= 0) {
      i--;
    }
    return i;
  }

  /** Whether {@code key=} or {@code "key":} (the quote maybe escaped) starts at {@code at}. */
  private static boolean pairFollows(String t, int at) {
    int i = skipQuote(t, at);
    int key = i;
    while (i < t.length() && isKeyChar(t.charAt(i))) {
      i++;
    }
    if (i == key) {
      return false;
    }
    i = skipQuote(t, i);
    return i < t.length() && (t.charAt(i) == '=' || t.charAt(i) == ':');
  }

  private static int skipQuote(String t, int at) {
    if (at < t.length() && isQuote(t.charAt(at))) {
      return at + 1;
    }
    if (at + 1 < t.length() && t.charAt(at) == '\\' && isQuote(t.charAt(at + 1))) {
      return at + 2;
    }
    return at;
  }

  private static boolean isKeyChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
        || c == '_' || c == '.' || c == '-';
  }

  private static boolean isQuote(char c) {
    return c == '"' || c == '\'';
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

  /**
   * The closing {@code \"} of a value opened by {@code \"}: the text is a string holding JSON, so
   * {@code \\} is one backslash of that JSON and {@code \\\"} a quote it escapes. A raw quote or
   * line end stops the value too; unclosed, it runs to the end.
   */
  private static int escapedClosingQuote(String t, int start, char quote) {
    int n = t.length();
    boolean escapedInJson = false;
    int i = start;
    while (i < n) {
      char c = t.charAt(i);
      if (c == '\n' || c == '\r' || c == quote) {
        return i;
      }
      if (c != '\\' || i + 1 >= n) {
        escapedInJson = false;
        i++;
        continue;
      }
      char next = t.charAt(i + 1);
      if (next == quote && !escapedInJson) {
        return i;
      }
      escapedInJson = next == '\\' && !escapedInJson;
      i += 2;
    }
    return n;
  }
}
