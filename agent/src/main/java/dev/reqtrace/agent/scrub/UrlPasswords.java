package dev.reqtrace.agent.scrub;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Passwords inside URLs: {@code scheme://user:password@host} (http, amqp, redis, mongodb,
 * jdbc:mysql, jdbc:postgresql...) and Oracle's {@code jdbc:oracle:thin:user/password@host}.
 * Drivers and pools quote the URL they failed on ({@code No suitable driver found for
 * jdbc:mysql://root:pw@db/shop}), and no key names the password there. The user and host stay:
 * they tell the operator which account and which server.
 *
 * <p>A user part without a password ({@code https://ghp_token@github.com}, {@code
 * redis://secret@cache}) is often the credential itself, and nothing tells a token from a name:
 * all of it goes, the host stays.
 */
final class UrlPasswords {
  /**
   * The password runs to the last {@code @} of the authority, which ends at {@code / ? #}, a space
   * or a quote (RFC 3986): a raw {@code @} in a password is common and goes with it.
   */
  private static final Pattern USERINFO = Pattern.compile(
      "://[^\\s/?#@:\"'<>]*+:([^\\s/?#\"'<>]+)@");
  /**
   * An Oracle password is an identifier, or quoted when it holds other characters
   * ({@code scott/"p@ss"@db}); the quotes stay.
   */
  /**
   * A user part with no {@code :} (one with a password is masked above, and keeps its {@code :}),
   * up to the last {@code @} of the authority.
   */
  private static final Pattern USER_ONLY = Pattern.compile("://([^\\s/?#:\"'<>]+)@");
  private static final Pattern ORACLE = Pattern.compile(
      "(?i)jdbc:oracle:[a-z0-9]++:[^\\s/@:\"'<>]*+/(?:\"([^\"]++)\"|([^\\s/@\"'<>]++))@");

  private UrlPasswords() {}

  /** {@code text} with each such password replaced; the same instance when there is none. */
  static String mask(String text, String replacement) {
    if (text.indexOf('@') < 0) {
      return text;
    }
    String passwords = loose(replace(USERINFO, text, replacement), replacement);
    return replace(USER_ONLY, replace(ORACLE, passwords, replacement), replacement);
  }

  /**
   * Passwords holding a raw {@code / ? #} ({@code jdbc:mysql://root:p#ss@db}), which end the
   * authority for {@link #USERINFO} and so were shown whole: after {@code scheme://user:}, up to
   * the first {@code @} before whitespace, a quote or a {@code :} that a host follows (else the
   * next {@code @}: in {@code root:p/ss@w@db} the first one, followed by {@code w@}, cannot end
   * the userinfo; the last {@code @} if none is followed by a host). Not when digits and then
   * {@code / ? #} follow the colon: that is a port ({@code http://h:8080/users/@bob}). A colon
   * after the first {@code /} is in the path ({@code http://h/x:y@z}) and marks no userinfo. Each
   * scan stops at a {@code :}, which every {@code ://} holds, so no character is scanned twice.
   */
  private static String loose(String text, String replacement) {
    int n = text.length();
    StringBuilder out = null;
    int copied = 0;
    int from = 0;
    int scheme;
    while ((scheme = text.indexOf("://", from)) >= 0) {
      int colon = scheme + 3;
      while (colon < n && !ends(text.charAt(colon)) && "/?#@:".indexOf(text.charAt(colon)) < 0) {
        colon++;
      }
      if (colon >= n || text.charAt(colon) != ':') {
        from = colon;
        continue;
      }
      int start = colon + 1;
      int port = start;
      while (port < n && text.charAt(port) >= '0' && text.charAt(port) <= '9') {
        port++;
      }
      boolean isPort = port == n || ends(text.charAt(port)) || "/?#".indexOf(text.charAt(port)) >= 0;
      int at = start;
      boolean raw = false;
      while (at < n && !ends(text.charAt(at)) && text.charAt(at) != '@' && text.charAt(at) != ':') {
        raw |= "/?#".indexOf(text.charAt(at)) >= 0;
        at++;
      }
      if (!isPort && raw && at < n && text.charAt(at) == '@') {
        // Each step reads on from the last @, so this too reads no character twice.
        int next = at;
        while (next < n && text.charAt(next) == '@' && !hostFollows(text, next + 1)) {
          next++;
          while (next < n && !ends(text.charAt(next)) && text.charAt(next) != '@') {
            next++;
          }
          if (next < n && text.charAt(next) == '@') {
            at = next;
          }
        }
        if (out == null) {
          out = new StringBuilder(n);
        }
        out.append(text, copied, start).append(replacement);
        copied = at;
      }
      from = at;
    }
    return out == null ? text : out.append(text, copied, n).toString();
  }

  /**
   * Whether a host (name, address or {@code [v6]}, with a port) starts at {@code at} and ends the
   * authority: at the end of the text or URL, or at {@code / ? #} or punctuation after a URL.
   * Not when an {@code @} follows it: then the {@code @} before it was part of the password.
   */
  private static boolean hostFollows(String text, int at) {
    int n = text.length();
    int end = at;
    while (end < n && (Character.isLetterOrDigit(text.charAt(end))
        || ".-_~%[]:".indexOf(text.charAt(end)) >= 0)) {
      end++;
    }
    return end > at && (end == n || ends(text.charAt(end)) || "/?#,;)".indexOf(text.charAt(end)) >= 0);
  }

  /** Whitespace, a quote or an angle bracket: the end of a URL in free text. */
  private static boolean ends(char c) {
    return Character.isWhitespace(c) || "\"'<>".indexOf(c) >= 0;
  }

  private static String replace(Pattern pattern, String text, String replacement) {
    Matcher m = pattern.matcher(text);
    StringBuilder out = null;
    int copied = 0;
    while (m.find()) {
      int g = m.start(1) >= 0 ? 1 : 2;
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, copied, m.start(g)).append(replacement);
      copied = m.end(g);
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }
}
