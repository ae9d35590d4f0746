package dev.reqtrace.agent.config;

import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One typed, documented configuration key: its name, derived environment name, default and a
 * one-sentence meaning for operators. The parser turns text into the typed value or a reason that
 * completes the sentence {@code reqtrace: <name>=<value> <reason>; using <default>}.
 *
 * <p>Defaults are parsed when the key is built, so a bad default fails the first test that loads
 * {@link Keys}, not an application at start-up.
 */
public final class Key<T> {

  /** Values of keys whose name contains one of these words are never printed. */
  private static final Pattern SECRET_NAME = Pattern.compile("token|password|secret|key|auth|headers");

  /** An RFC 9110 token, what an HTTP header name must be. */
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  /** Headers {@code java.net.http.HttpClient} refuses to take from the caller. */
  private static final List<String> CLIENT_HEADERS = List.of("connection", "content-length", "expect", "host", "upgrade");

  private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h)");
  private static final String DURATION_EXAMPLE = "is not a duration (e.g. 500ms, 2s)";

  /** Parses trimmed text into a value; only a default can be empty (blank values count as unset). */
  interface Parser<T> {
    T parse(String text) throws BadValue;
  }

  /** A value the parser rejects; the message completes "{@code <name>=<value> ...}". */
  static final class BadValue extends Exception {
    private static final long serialVersionUID = 1L;

    BadValue(String reason) {
      super(reason, null, false, false); // control flow, not a crash: no stack trace
    }
  }

  private final String name;
  private final String envName;
  private final String defaultText;
  private final String meaning;
  private final Parser<T> parser;
  private final T defaultValue;
  private final String otelAlias;
  private final boolean keyValueList;

  private Key(String name, String defaultText, String meaning, Parser<T> parser, String otelAlias) {
    this(name, defaultText, meaning, parser, otelAlias, false);
  }

  private Key(String name, String defaultText, String meaning, Parser<T> parser, String otelAlias,
              boolean keyValueList) {
    if (!name.matches("reqtrace(\\.[a-z][a-z0-9_]*)+")) {
      throw new IllegalArgumentException("key name must be reqtrace. plus dotted lower_snake_case: " + name);
    }
    this.name = name;
    this.envName = name.toUpperCase(Locale.ROOT).replace('.', '_');
    this.defaultText = defaultText;
    this.meaning = meaning;
    this.parser = parser;
    this.otelAlias = otelAlias;
    this.keyValueList = keyValueList;
    try {
      this.defaultValue = parser.parse(defaultText);
    } catch (BadValue e) {
      throw new IllegalArgumentException("default of " + name + " '" + defaultText + "' " + e.getMessage(), e);
    }
  }

  /** The property name, e.g. {@code reqtrace.slow.threshold}. */
  public String name() {
    return name;
  }

  /** The environment variable: the name upper-cased with '.' replaced by '_'. */
  public String envName() {
    return envName;
  }

  /** The default as an operator would write it, e.g. {@code 1s}; empty for "none". */
  public String defaultText() {
    return defaultText;
  }

  /** One sentence for operators: what the key changes. */
  public String meaning() {
    return meaning;
  }

  /** The parsed default. */
  public T defaultValue() {
    return defaultValue;
  }

  /** True when the name suggests a credential: its values are printed as {@code <redacted>}. */
  public boolean secret() {
    return SECRET_NAME.matcher(name).find();
  }

  /** The standard OpenTelemetry environment variable read when no reqtrace source sets this key. */
  public Optional<String> otelAlias() {
    return Optional.ofNullable(otelAlias);
  }

  /** Parses a trimmed, non-empty value. */
  T parse(String text) throws BadValue {
    return parser.parse(text);
  }

  /** The same key, also read from the OpenTelemetry variable {@code envVar}. */
  Key<T> withOtelAlias(String envVar) {
    return new Key<>(name, defaultText, meaning, parser, envVar, keyValueList);
  }

  @Override
  public String toString() {
    return name;
  }

  // ---- factories -------------------------------------------------------------------------------

  /** Free text, trimmed. */
  public static Key<String> string(String name, String def, String meaning) {
    return new Key<>(name, def, meaning, text -> text, null);
  }

  /** Text that must match {@code pattern} entirely; {@code what} names the expectation. */
  public static Key<String> matching(String name, String def, Pattern pattern, String what, String meaning) {
    return new Key<>(name, def, meaning, text -> {
      if (!pattern.matcher(text).matches()) {
        throw new BadValue("is not " + what);
      }
      return text;
    }, null);
  }

  /** An absolute http or https URL, or empty. */
  public static Key<String> url(String name, String def, String meaning) {
    return new Key<>(name, def, meaning, text -> {
      if (text.isEmpty()) {
        return text;
      }
      try {
        URI uri = new URI(text);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
          return text;
        }
      } catch (URISyntaxException e) {
        // reported below like any other non-URL
      }
      throw new BadValue("is not an http(s) URL (e.g. http://collector:4318)");
    }, null);
  }

  /**
   * Longest maximum a duration key may declare. The agent turns durations into nanoseconds and
   * adds them to {@link System#nanoTime()} readings; {@link Duration#toNanos()} throws past about
   * 2,562,047 h, and a timer period of years is a typo, not a wish.
   */
  static final Duration LONGEST = Duration.ofHours(8760);

  /**
   * A duration in {@code [min, max]}, written as a whole number with a unit, {@code ms}, {@code s},
   * {@code m} or {@code h} ({@code 500ms}, {@code 2s}). A bare number is rejected except {@code 0}:
   * "500" could mean milliseconds or seconds, and guessing wrong by a factor of 1000 is worse than
   * asking. Every duration key states its maximum, so none reaches arithmetic that overflows;
   * {@code meaning} should name it for operators.
   */
  public static Key<Duration> duration(String name, String def, Duration min, Duration max, String meaning) {
    if (min.isNegative() || max.compareTo(min) < 0 || max.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException("duration range of " + name + " must lie within 0.."
          + formatDuration(LONGEST) + ": " + formatDuration(min) + ".." + formatDuration(max));
    }
    return new Key<>(name, def, meaning, text -> {
      Duration d = parseDuration(text);
      if (d.compareTo(min) < 0) {
        throw new BadValue("is shorter than the minimum " + formatDuration(min));
      }
      if (d.compareTo(max) > 0) {
        throw new BadValue("is longer than the maximum " + formatDuration(max));
      }
      return d;
    }, null);
  }

  /** A whole number in {@code [min, max]}. */
  public static Key<Integer> integer(String name, int def, int min, int max, String meaning) {
    String range = max == Integer.MAX_VALUE ? "an integer >= " + min : "an integer from " + min + " to " + max;
    return new Key<>(name, Integer.toString(def), meaning, text -> {
      try {
        int value = Integer.parseInt(text);
        if (value >= min && value <= max) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below like an out-of-range number
      }
      throw new BadValue("is not " + range);
    }, null);
  }

  /** A decimal number in {@code (minExclusive, maxInclusive]}, e.g. a sample rate in (0, 1]. */
  public static Key<Double> decimal(String name, double def, double minExclusive, double maxInclusive,
                                    String meaning) {
    return new Key<>(name, Double.toString(def), meaning, text -> {
      try {
        double value = Double.parseDouble(text);
        if (value > minExclusive && value <= maxInclusive) { // also false for NaN
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below like an out-of-range number
      }
      throw new BadValue("is not a number in (" + plain(minExclusive) + ", " + plain(maxInclusive) + "]");
    }, null);
  }

  /** {@code true} or {@code false}, any case. */
  public static Key<Boolean> bool(String name, boolean def, String meaning) {
    return new Key<>(name, Boolean.toString(def), meaning, text -> {
      String lower = text.toLowerCase(Locale.ROOT);
      if (lower.equals("true") || lower.equals("false")) {
        return Boolean.valueOf(lower);
      }
      throw new BadValue("is not true or false");
    }, null);
  }

  /** A comma list of free words, trimmed, empty items dropped. */
  public static Key<List<String>> list(String name, String def, String meaning) {
    return new Key<>(name, def, meaning, Key::splitList, null);
  }

  /** One word of {@code allowed}, any case; the value is the lower-case word. */
  public static Key<String> choice(String name, String def, List<String> allowed, String meaning) {
    return new Key<>(name, def, meaning, text -> {
      String lower = text.toLowerCase(Locale.ROOT);
      if (allowed.contains(lower)) {
        return lower;
      }
      throw new BadValue("is not one of " + String.join(", ", allowed));
    }, null);
  }

  /**
   * A comma list of words of {@code allowed}, duplicates dropped, order kept. A {@code none} among
   * the allowed words must stand alone: "none,log" is a contradiction, not a wish.
   */
  public static Key<List<String>> choices(String name, String def, List<String> allowed, String meaning) {
    return new Key<>(name, def, meaning, text -> {
      List<String> words = new ArrayList<>();
      for (String word : splitList(text.toLowerCase(Locale.ROOT))) {
        if (!allowed.contains(word)) {
          throw new BadValue("is not a comma list of " + String.join(", ", allowed));
        }
        if (!words.contains(word)) {
          words.add(word);
        }
      }
      if (words.isEmpty()) {
        throw new BadValue("is not a comma list of " + String.join(", ", allowed));
      }
      if (words.size() > 1 && words.contains("none")) {
        throw new BadValue("combines none with other values");
      }
      return Collections.unmodifiableList(words);
    }, null);
  }

  /** Comma-separated {@code key:value} pairs ({@code env:prod,region:eu}) as an ordered map. */
  public static Key<Map<String, String>> tags(String name, String def, String meaning) {
    return new Key<>(name, def, meaning,
        text -> pairs(text, ':', false, "is not a comma list of key:value (e.g. env:prod,region:eu)"), null);
  }

  /**
   * Comma-separated {@code key=value} pairs as an ordered map, values percent-decoded: the format
   * of {@code OTEL_EXPORTER_OTLP_HEADERS} and {@code OTEL_RESOURCE_ATTRIBUTES}.
   */
  public static Key<Map<String, String>> pairs(String name, String def, String meaning) {
    return new Key<>(name, def, meaning,
        text -> pairs(text, '=', true, "is not a comma list of key=value (e.g. k1=v1,k2=v2)"), null, true);
  }

  /**
   * {@link #pairs} that are HTTP request headers the OTLP senders can send. The exporters take the
   * map unchecked and the JDK HTTP client rejects a bad header only when it sends, so without
   * these checks every export would fail. Messages never repeat a name or value: a mistyped
   * pair may be half a secret.
   */
  public static Key<Map<String, String>> headers(String name, String def, String meaning) {
    return new Key<>(name, def, meaning, text -> {
      Map<String, String> headers = pairs(text, '=', true, "is not a comma list of key=value (e.g. k1=v1,k2=v2)");
      for (Map.Entry<String, String> header : headers.entrySet()) {
        if (!HEADER_NAME.matcher(header.getKey()).matches()) {
          throw new BadValue("has a header name that is not an HTTP token (letters, digits, !#$%&'*+-.^_`|~)");
        }
        String lower = header.getKey().toLowerCase(Locale.ROOT);
        if (CLIENT_HEADERS.contains(lower)) {
          throw new BadValue("sets " + lower + ", a header the HTTP client sets itself");
        }
        for (int i = 0; i < header.getValue().length(); i++) {
          char c = header.getValue().charAt(i);
          if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
            throw new BadValue("has a header value with a control character or one beyond Latin-1");
          }
        }
      }
      return headers;
    }, null, true);
  }

  /** True for keys whose value is a comma list of {@code key=value}: an agent argument may continue it. */
  boolean takesKeyValuePairs() {
    return keyValueList;
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static List<String> splitList(String text) {
    List<String> items = new ArrayList<>();
    for (String item : text.split(",")) {
      String trimmed = item.trim();
      if (!trimmed.isEmpty()) {
        items.add(trimmed);
      }
    }
    return Collections.unmodifiableList(items);
  }

  private static Map<String, String> pairs(String text, char separator, boolean decode, String reason)
      throws BadValue {
    Map<String, String> map = new LinkedHashMap<>();
    for (String item : splitList(text)) {
      int at = item.indexOf(separator);
      if (at <= 0 || at == item.length() - 1) {
        throw new BadValue(reason);
      }
      String k = item.substring(0, at).trim();
      String v = item.substring(at + 1).trim();
      if (k.isEmpty() || v.isEmpty()) {
        throw new BadValue(reason);
      }
      if (decode) {
        try {
          v = URLDecoder.decode(v, StandardCharsets.UTF_8.name());
        } catch (IllegalArgumentException | UnsupportedEncodingException e) {
          throw new BadValue(reason);
        }
      }
      map.put(k, v);
    }
    return Collections.unmodifiableMap(map);
  }

  static Duration parseDuration(String text) throws BadValue {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION.matcher(lower);
    if (!m.matches()) {
      throw new BadValue(DURATION_EXAMPLE);
    }
    long amount = Long.parseLong(m.group(1));
    switch (m.group(2)) {
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofSeconds(amount);
      case "m":
        return Duration.ofMinutes(amount);
      default:
        return Duration.ofHours(amount);
    }
  }

  /** The shortest exact text in the units {@link #parseDuration} reads: 1500ms, 2s, 1m. */
  static String formatDuration(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0";
    }
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  private static String plain(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
