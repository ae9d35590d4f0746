package dev.reqtrace.agent.scrub;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Passwords inside URLs: {@code scheme://user:password@host} (http, amqp, redis, mongodb,
 * jdbc:mysql, jdbc:postgresql...) and Oracle's {@code jdbc:oracle:thin:user/password@host}.
 * Drivers and pools quote the URL they failed on ({@code No suitable driver found for
 * jdbc:mysql://root:pw@db/shop}), and no key names the password there. The user and host stay:
 * they tell the operator which account and which server.
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
  private static final Pattern ORACLE = Pattern.compile(
      "(?i)jdbc:oracle:[a-z0-9]++:[^\\s/@:\"'<>]*+/(?:\"([^\"]++)\"|([^\\s/@\"'<>]++))@");

  private UrlPasswords() {}

  /** {@code text} with each such password replaced; the same instance when there is none. */
  static String mask(String text, String replacement) {
    if (text.indexOf('@') < 0) {
      return text;
    }
    return replace(ORACLE, replace(USERINFO, text, replacement), replacement);
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
