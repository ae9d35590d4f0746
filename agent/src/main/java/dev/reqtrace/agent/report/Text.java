package dev.reqtrace.agent.report;

import java.util.Locale;

/** Formatting shared by the reports: milliseconds, and continuation lines that keep the prefix. */
final class Text {
  /**
   * Starts every further line of a multi-line report: the agent log's contract is that every line
   * begins with {@code [reqtrace]}, and slf4j-simple prefixes only the first.
   */
  static final String NEXT_LINE = System.lineSeparator() + "[reqtrace]   ";

  private Text() {}

  /** Nanoseconds as milliseconds with one decimal, e.g. {@code 1503.2}. */
  static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
  }

  /** Nanoseconds as milliseconds with three decimals, for single statements. */
  static String preciseMs(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
  }

  /**
   * A statement quoted for a report: inner double quotes doubled so the quoting stays unambiguous,
   * and line breaks and other control characters escaped ({@code \n}, {@code \r}, {@code \t},
   * else a backslash, {@code u} and four hex digits). Normalization keeps quoted identifiers as
   * written, and one built from user input (a report's column alias) could otherwise end the
   * report's line and forge a {@code [reqtrace]} line of its own, or send escape sequences to a
   * terminal.
   */
  static String quoted(String statement) {
    StringBuilder out = null;
    for (int i = 0; i < statement.length(); i++) {
      char c = statement.charAt(i);
      boolean control = Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
      if (c != '"' && !control) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(statement.length() + 16).append('"').append(statement, 0, i);
      }
      if (c == '"') {
        out.append("\"\"");
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    return out == null ? '"' + statement + '"' : out.append('"').toString();
  }
}
