package dev.reqtrace.statsd;

/**
 * Whitelist-based cleaning of names and tag parts.
 *
 * <p>Whitelists, not blacklists: a daemon's separators differ per flavor ({@code |}, {@code :},
 * {@code ,}, {@code #}, {@code =}, {@code @}, newline) and a value we forgot to escape would
 * split or inject a line. Every code point outside the allowed ASCII set, including control
 * characters and all non-ASCII, becomes part of a run that is written as one {@code _}. The
 * output is therefore pure ASCII and one byte per char.
 */
final class Sanitizer {
  /** Metric names and the prefix: the dotted graphite alphabet, understood by every daemon. */
  static final Sanitizer NAME = new Sanitizer("._-", false);

  private final boolean[] allowed = new boolean[128];
  private final boolean trimUnderscores;

  /**
   * @param extra characters allowed besides {@code [A-Za-z0-9]}
   * @param trimUnderscores drop leading and trailing {@code _} (etsy folds values into a dotted
   *     name, where {@code /owners/{id}} must read {@code owners_id}, not {@code _owners_id_})
   */
  Sanitizer(String extra, boolean trimUnderscores) {
    for (char c = '0'; c <= '9'; c++) {
      allowed[c] = true;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      allowed[c] = true;
      allowed[c - 'a' + 'A'] = true;
    }
    for (int i = 0; i < extra.length(); i++) {
      allowed[extra.charAt(i)] = true;
    }
    this.trimUnderscores = trimUnderscores;
  }

  /**
   * Returns {@code value} with every run of disallowed code points replaced by one {@code _};
   * {@code null} or a result that would be empty gives {@code _}, so a tag never loses its key
   * or value (an empty value is invalid in Influx and ambiguous in DogStatsD).
   */
  String clean(String value) {
    if (value == null) {
      return "_";
    }
    StringBuilder out = new StringBuilder(value.length());
    boolean inRun = false;
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 128 && allowed[cp]) {
        out.append((char) cp);
        inRun = false;
      } else if (!inRun) {
        out.append('_');
        inRun = true;
      }
    }
    int start = 0;
    int end = out.length();
    if (trimUnderscores) {
      while (start < end && out.charAt(start) == '_') {
        start++;
      }
      while (end > start && out.charAt(end - 1) == '_') {
        end--;
      }
    }
    return start == end ? "_" : out.substring(start, end);
  }

  /**
   * Cleans a dotted name: like {@link #clean} with {@code [A-Za-z0-9_.-]}, then empty segments
   * removed ({@code a..b}, a leading or trailing dot), which graphite-style daemons would turn
   * into empty path elements. Returns "" when nothing is left, for the caller to reject or skip.
   */
  static String dotted(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    String cleaned = NAME.clean(value);
    StringBuilder out = new StringBuilder(cleaned.length());
    for (String segment : cleaned.split("\\.")) {
      if (!segment.isEmpty()) {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(segment);
      }
    }
    return out.toString();
  }
}
