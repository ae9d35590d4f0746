package dev.reqtrace.agent.report;

import dev.reqtrace.bootstrap.JdbcCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The executions of one normalized statement in one request: count, total and longest time. */
final class StatementGroup {
  final String text;
  final String system;
  int count;
  long totalNanos;
  long maxNanos;

  StatementGroup(String text, String system, int count, long totalNanos, long maxNanos) {
    this.text = text;
    this.system = system;
    this.count = count;
    this.totalNanos = totalNanos;
    this.maxNanos = maxNanos;
  }

  /**
   * Whether one normalized text ran at least {@code threshold} times: the per-request check, so
   * grouping, sorting and key strings are only paid for a report that will be written.
   */
  static boolean anyRepeated(List<JdbcCall> spans, int threshold) {
    Map<String, int[]> counts = new HashMap<>();
    for (JdbcCall span : spans) {
      int[] count = counts.computeIfAbsent(span.sql().text(), k -> new int[1]);
      if (++count[0] >= threshold) {
        return true;
      }
    }
    return false;
  }

  /**
   * Groups a request's spans by system and normalized text, largest total time first (ties: more
   * executions first, then text, so the order is stable).
   */
  static List<StatementGroup> of(List<JdbcCall> spans) {
    Map<String, StatementGroup> groups = new HashMap<>();
    for (JdbcCall span : spans) {
      String text = span.sql().text();
      StatementGroup group = groups.computeIfAbsent(span.system() + '\u0000' + text,
          k -> new StatementGroup(text, span.system(), 0, 0, 0));
      group.count++;
      group.totalNanos += span.durationNanos();
      group.maxNanos = Math.max(group.maxNanos, span.durationNanos());
    }
    List<StatementGroup> sorted = new ArrayList<>(groups.values());
    sorted.sort((a, b) -> a.totalNanos != b.totalNanos ? Long.compare(b.totalNanos, a.totalNanos)
        : a.count != b.count ? Integer.compare(b.count, a.count) : a.text.compareTo(b.text));
    return sorted;
  }
}
