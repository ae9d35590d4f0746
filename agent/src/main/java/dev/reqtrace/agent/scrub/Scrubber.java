package dev.reqtrace.agent.scrub;

import dev.reqtrace.agent.config.Config;
import dev.reqtrace.agent.config.Keys;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in everything the agent emits: error, slow and N+1 reports, span attributes,
 * metric tags. Two rules:
 * <ul>
 *   <li>the value of a key matching {@code reqtrace.scrub.keys} (query and form parameters,
 *       headers, cookies, {@code key=value} pairs in free text) becomes {@value #REDACTED}. A key
 *       pattern matches the whole key, case-insensitive, {@code *} standing for any run of
 *       characters: {@code *key} is a suffix, {@code *token*} a substring, {@code password} exact;
 *   <li>a payment card number (13–19 digits, spaces or dashes allowed, Luhn-valid) becomes
 *       {@value #CARD} wherever it appears: paths, values, exception messages.
 * </ul>
 * Immutable and thread-safe; build one per agent with {@link #from(Config)}.
 */
public final class Scrubber {
  /** What a secret value becomes. */
  public static final String REDACTED = "[REDACTED]";
  /** What a card number becomes. */
  public static final String CARD = "[REDACTED-CARD]";

  /**
   * {@code key=value}, {@code key: value}, {@code "key":"value"} in free text. The value may start
   * with an HTTP auth scheme ({@code Bearer abc}), which then is part of it.
   */
  private static final Pattern PAIR = Pattern.compile(
      "([A-Za-z0-9_.-]+)([\"']?\\s*[=:]\\s*[\"']?)"
          + "((?:(?i:bearer|basic|digest|token)\\s+)?[^\\s\"'&,;}\\])]+)");

  private final String[] patterns;

  private Scrubber(List<String> keys) {
    List<String> lower = new ArrayList<>();
    for (String key : keys) {
      String k = key.trim().toLowerCase(Locale.ROOT);
      if (!k.isEmpty()) {
        lower.add(k);
      }
    }
    this.patterns = lower.toArray(new String[0]);
  }

  /** A scrubber for the given key patterns. */
  public static Scrubber of(List<String> keys) {
    return new Scrubber(keys);
  }

  /** The scrubber of {@code reqtrace.scrub.keys}. */
  public static Scrubber from(Config config) {
    return of(config.get(Keys.SCRUB_KEYS));
  }

  /** Whether values of {@code key} (a parameter, header or cookie name) are secret. */
  public boolean isSecret(String key) {
    if (key == null) {
      return false;
    }
    String k = key.trim().toLowerCase(Locale.ROOT);
    for (String pattern : patterns) {
      if (Glob.matches(pattern, k)) {
        return true;
      }
    }
    return false;
  }

  /** A parameter's value: {@value #REDACTED} for a secret key, else with card numbers masked. */
  public String value(String key, String value) {
    if (value == null) {
      return null;
    }
    return isSecret(key) ? REDACTED : cards(value);
  }

  /**
   * A request header's value. A {@code Cookie} header whose name is not itself secret is scrubbed
   * cookie by cookie, so {@code JSESSIONID} (matching {@code *session*}) goes and {@code lang} stays.
   */
  public String header(String name, String value) {
    if (value == null || isSecret(name)) {
      return value == null ? null : REDACTED;
    }
    if ("cookie".equalsIgnoreCase(name)) {
      return pairs(value, ";", true);
    }
    return text(value);
  }

  /** The values of one form or query parameter, comma-separated and scrubbed. */
  public String parameter(String name, String[] values) {
    if (values == null || values.length == 0) {
      return "";
    }
    if (isSecret(name)) {
      return REDACTED;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(cards(values[i]));
    }
    return out.toString();
  }

  /**
   * A raw query string ({@code a=1&password=x}): secret values redacted, cards masked, everything
   * else as sent. Keys are percent-decoded for matching ({@code pass%77ord} is {@code password}).
   */
  public String query(String query) {
    if (query == null || query.isEmpty()) {
      return query;
    }
    return pairs(query, "&", false);
  }

  /**
   * A URL, with or without scheme and host: card numbers masked in the path, the query string
   * scrubbed as by {@link #query}, a fragment dropped.
   */
  public String url(String url) {
    if (url == null) {
      return null;
    }
    int hash = url.indexOf('#');
    String u = hash >= 0 ? url.substring(0, hash) : url;
    int q = u.indexOf('?');
    if (q < 0) {
      return cards(u);
    }
    return cards(u.substring(0, q)) + "?" + query(u.substring(q + 1));
  }

  /**
   * Free text (an exception message, a header value): card numbers masked, and the value of every
   * {@code key=value} or {@code key: value} pair whose key is secret redacted.
   */
  public String text(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String masked = cards(text);
    Matcher m = PAIR.matcher(masked);
    StringBuilder out = null;
    int copied = 0;
    int from = 0;
    while (from < masked.length() && m.find(from)) {
      if (!isSecret(m.group(1)) || m.group(3).startsWith("[REDACTED")) {
        // "failed: password=x" must not hide the pair inside the value of "failed".
        from = m.start(3);
        continue;
      }
      if (out == null) {
        out = new StringBuilder(masked.length());
      }
      out.append(masked, copied, m.start(3)).append(REDACTED);
      copied = m.end(3);
      from = copied;
    }
    return out == null ? masked : out.append(masked, copied, masked.length()).toString();
  }

  /** {@code text} with card numbers masked, nothing else changed. */
  public static String cards(String text) {
    return Cards.mask(text, CARD);
  }

  /** Whether {@code text} holds a card number. */
  public static boolean containsCard(String text) {
    return Cards.contains(text);
  }

  private String pairs(String text, String separator, boolean trim) {
    StringBuilder out = new StringBuilder(text.length());
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf(separator, start);
      if (end < 0) {
        end = text.length();
      }
      String pair = text.substring(start, end);
      int eq = pair.indexOf('=');
      if (eq < 0) {
        out.append(cards(pair));
      } else {
        String name = pair.substring(0, eq);
        String decoded = trim ? name.trim() : decode(name);
        out.append(cards(name)).append('=')
            .append(isSecret(decoded) ? REDACTED : cards(pair.substring(eq + 1)));
      }
      if (end < text.length()) {
        out.append(separator);
      }
      start = end + separator.length();
    }
    return out.toString();
  }

  private static String decode(String name) {
    try {
      return URLDecoder.decode(name, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return name; // a stray % is not worth failing a report for
    }
  }
}
