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

  /** A statement quoted for a report: inner double quotes doubled so the quoting stays unambiguous. */
  static String quoted(String statement) {
    return '"' + statement.replace("\"", "\"\"") + '"';
  }
}
