package dev.reqtrace.it;

import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A line of the test apps' own logging: Logback ({@code LB ...}) or Log4j2 ({@code L4J ...}), both
 * printing the MDC keys the agent sets: {@code rid=[request_id] tid=[trace_id] sid=[span_id]}.
 */
public record AppLogLine(String backend, String rid, String tid, String sid, String thread,
    String logger, String message, String raw) {

  private static final Pattern LINE = Pattern.compile(
      "^(LB|L4J) rid=\\[([^\\]]*)\\] tid=\\[([^\\]]*)\\] sid=\\[([^\\]]*)\\] thread=(\\S+) (\\S+) - (.*)$");

  /** The parsed line, or empty for any other output (agent log, container log, stack traces). */
  public static Optional<AppLogLine> parse(String line) {
    Matcher m = LINE.matcher(line);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new AppLogLine(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5),
        m.group(6), m.group(7), line));
  }

  /** Matches raw output lines that are app log lines whose message starts with {@code prefix}. */
  public static Predicate<String> messageStartsWith(String prefix) {
    return raw -> parse(raw).map(l -> l.message().startsWith(prefix)).orElse(false);
  }

  /** Parses a line known to be an app log line. */
  public static AppLogLine of(String raw) {
    return parse(raw).orElseThrow(() -> new IllegalArgumentException("not an app log line: " + raw));
  }
}
