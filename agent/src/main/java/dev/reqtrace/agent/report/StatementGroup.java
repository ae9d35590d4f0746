package dev.reqtrace.agent.report;

import dev.reqtrace.bootstrap.DbStats;
import dev.reqtrace.bootstrap.JdbcCall;
import dev.reqtrace.bootstrap.Sql;
import java.util.ArrayList;
import java.util.Arrays;
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

  /** Tables of at most this many slots are kept per thread for the next request. */
  static final int KEPT_SLOTS = 256;

  /**
   * The counting table of {@link #anyRepeated}, one per request thread and reused: a request with
   * a few dozen statements would otherwise allocate ~0.5 KB for it. Cleared after each use, so it
   * holds no statement text between requests.
   */
  private static final ThreadLocal<Table> TABLES = ThreadLocal.withInitial(Table::new);

  private static final class Table {
    Sql[] seen = new Sql[0];
    int[] counts = new int[0];
  }

  /**
   * Whether one normalized text ran at least {@code threshold} times: the per-request check, so
   * grouping, sorting and key strings are only paid for a report that will be written. Walks the
   * spans as linked and counts in one open-addressing table at least twice their number: no list,
   * no map entries, and a text's hash is kept in its {@link Sql}, shared per raw SQL text, so a
   * span costs a read of two objects (request threads have just evicted them from the caches).
   */
  static boolean anyRepeated(DbStats db, int threshold) {
    JdbcCall newest = db.newest(); // before count(): see DbStats.newest
    int spans = Math.min(db.count(), DbStats.MAX_SPANS);
    if (newest == null || spans < threshold) {
      return false;
    }
    int size = Integer.highestOneBit(2 * spans - 1) << 1;
    Table table = size <= KEPT_SLOTS ? TABLES.get() : new Table();
    if (table.seen.length < size) {
      table.seen = new Sql[size];
      table.counts = new int[size];
    }
    try {
      return anyRepeated(newest, spans, threshold, table.seen, table.counts, size - 1);
    } finally {
      Arrays.fill(table.seen, 0, size, null);
      Arrays.fill(table.counts, 0, size, 0);
    }
  }

  private static boolean anyRepeated(JdbcCall newest, int spans, int threshold, Sql[] seen,
      int[] counts, int mask) {
    int walked = 0;
    for (JdbcCall call = newest; call != null && walked < spans; call = call.older(), walked++) {
      Sql sql = call.sql();
      int slot = spread(sql.textHash()) & mask;
      while (seen[slot] != null && !seen[slot].sameText(sql)) {
        slot = (slot + 1) & mask; // at most half the slots are taken: ends soon
      }
      if (seen[slot] == null) {
        seen[slot] = sql;
      }
      if (++counts[slot] >= threshold) {
        return true;
      }
    }
    return false;
  }

  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
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
