package dev.reqtrace.agent.scrub;

import dev.reqtrace.agent.config.Config;
import dev.reqtrace.agent.config.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Masks secrets in everything the agent emits: error, slow and N+1 reports, span attributes,
 * metric tags. Three rules:
 * <ul>
 *   <li>the value of a key matching {@code reqtrace.scrub.keys} (query, form and path parameters,
 *       headers, {@code key=value} pairs in free text, also inside a query value) becomes
 *       {@value #REDACTED}. A key pattern matches the whole key, case-insensitive, {@code *}
 *       standing for any run of characters: {@code *key} is a suffix, {@code *token*} a substring,
 *       {@code password} exact. {@code authorization}, {@code proxy-authorization}, {@code cookie}
 *       and {@code set-cookie} are secret whatever the patterns;
 *   <li>the password of a URL ({@code scheme://user:password@host}, Oracle's
 *       {@code user/password@}) becomes {@value #REDACTED}, in URLs and in free text, and so does
 *       a user part without password ({@code https://token@host}), which may be the credential;
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
   * Secret whatever the patterns say: setting {@code reqtrace.scrub.keys} replaces the default list,
   * and a list written for form fields ({@code *password*}) must not let a bearer token or a
   * session cookie through.
   */
  private static final String[] ALWAYS_SECRET =
      {"authorization", "proxy-authorization", "cookie", "set-cookie"};

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
    for (String always : ALWAYS_SECRET) {
      if (always.equals(k)) {
        return true;
      }
    }
    for (String pattern : patterns) {
      if (Glob.matches(pattern, k)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A decoded parameter's value: {@value #REDACTED} for a secret key, else scrubbed as {@link #text}
   * (cards, and secret pairs inside it, as in {@code next=/account?token=x}).
   */
  public String value(String key, String value) {
    if (value == null) {
      return null;
    }
    return isSecret(key) ? REDACTED : text(value);
  }

  /**
   * A request header's value: {@value #REDACTED} for a secret name ({@code Authorization} and
   * {@code Cookie} always), else scrubbed as {@link #text}.
   */
  public String header(String name, String value) {
    if (value == null) {
      return null;
    }
    return isSecret(name) ? REDACTED : text(value);
  }

  /** The decoded values of one form or query parameter, comma-separated, each as {@link #value}. */
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
      out.append(text(values[i]));
    }
    return out.toString();
  }

  /**
   * A raw query string ({@code a=1&password=x}): secret values redacted, cards masked, everything
   * else as sent. Keys are percent-decoded for matching ({@code pass%77ord} is {@code password}).
   * A value holding a secret once decoded ({@code next=%2Fa%3Ftoken%3Dx}) is shown decoded and
   * scrubbed ({@code next=/a?token=[REDACTED]}).
   */
  public String query(String query) {
    if (query == null || query.isEmpty()) {
      return query;
    }
    StringBuilder out = new StringBuilder(query.length());
    int start = 0;
    while (start <= query.length()) {
      int end = query.indexOf('&', start);
      if (end < 0) {
        end = query.length();
      }
      String pair = query.substring(start, end);
      int eq = pair.indexOf('=');
      if (eq < 0) {
        out.append(queryValue(pair));
      } else {
        String name = pair.substring(0, eq);
        out.append(queryValue(name)).append('=').append(isSecret(Percent.decode(name, true))
            ? REDACTED : queryValue(pair.substring(eq + 1)));
      }
      if (end < query.length()) {
        out.append('&');
      }
      start = end + 1;
    }
    return out.toString();
  }

  /**
   * A URL, with or without scheme and host: the password of its userinfo redacted, card numbers
   * masked in the path, secret path parameters ({@code ;jsessionid=...}) redacted, the query string
   * scrubbed as by {@link #query}, a fragment dropped.
   */
  public String url(String url) {
    if (url == null) {
      return null;
    }
    // The password first: one holding a raw '#' or '?' would otherwise be cut by the split
    // below and partly shown.
    String whole = UrlPasswords.mask(url, REDACTED);
    int hash = whole.indexOf('#');
    String u = hash >= 0 ? whole.substring(0, hash) : whole;
    int q = u.indexOf('?');
    String path = pathParameters(cards(q < 0 ? u : u.substring(0, q)));
    return q < 0 ? path : path + "?" + query(u.substring(q + 1));
  }

  /**
   * Free text (an exception message, a header value): card numbers masked, the password of every
   * URL redacted, and the value of every {@code key=value} or {@code key: value} pair whose key is
   * secret redacted; a quoted value up to its closing quote.
   */
  public String text(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    return secrets(cards(text));
  }

  /** {@code text} with card numbers masked, nothing else changed. */
  public static String cards(String text) {
    return Cards.mask(text, CARD);
  }

  /** Whether {@code text} holds a card number. */
  public static boolean containsCard(String text) {
    return Cards.contains(text);
  }

  /**
   * A raw query value as sent, cards masked; decoded and scrubbed if that reveals a secret or a
   * card. The raw scan of cards reads {@code %2D} and encoded digits, but a secret pair hides
   * behind {@code %3D} ({@code next=%2Fa%3Ftoken%3Dx}): the decoded value is scanned too.
   */
  private String queryValue(String value) {
    String decoded = Percent.decode(value, true);
    String masked = cards(decoded);
    String scrubbed = secrets(masked);
    return scrubbed == decoded ? cards(value) : scrubbed;
  }

  /** URL passwords and values of secret keys redacted; the same instance when there are none. */
  private String secrets(String text) {
    return Pairs.redact(UrlPasswords.mask(text, REDACTED), this::isSecret, REDACTED);
  }

  /**
   * {@code path} with the value of each secret {@code ;name=value} path parameter redacted:
   * servlet containers put the session ID there ({@code /cart;jsessionid=...}) when cookies are off.
   */
  private String pathParameters(String path) {
    int semi = path.indexOf(';');
    if (semi < 0) {
      return path;
    }
    StringBuilder out = null;
    int copied = 0;
    int n = path.length();
    while (semi >= 0) {
      int end = semi + 1;
      int eq = -1;
      while (end < n && path.charAt(end) != ';' && path.charAt(end) != '/') {
        if (eq < 0 && path.charAt(end) == '=') {
          eq = end;
        }
        end++;
      }
      if (eq > 0 && eq + 1 < end && isSecret(Percent.decode(path.substring(semi + 1, eq), false))) {
        if (out == null) {
          out = new StringBuilder(n);
        }
        out.append(path, copied, eq + 1).append(REDACTED);
        copied = end;
      }
      semi = end < n && path.charAt(end) == ';' ? end : path.indexOf(';', end);
    }
    return out == null ? path : out.append(path, copied, n).toString();
  }
}
