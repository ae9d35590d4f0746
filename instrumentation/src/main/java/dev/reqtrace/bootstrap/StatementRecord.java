package dev.reqtrace.bootstrap;

/**
 * What we know about one JDBC statement object: its SQL (from {@code prepareStatement}/
 * {@code prepareCall}, or the {@code addBatch(String)} texts) and its pending batch. Kept in the
 * statement itself where its class got a {@link StatementSlot} as it loaded, else in a weak
 * identity map keyed by the statement until it is closed (or, if the application never closes it,
 * until it is garbage); a statement is used by one thread at a time (JDBC objects
 * are not thread-safe), so the batch fields are plain.
 */
public final class StatementRecord {
  /** Distinct texts kept for a batch of plain {@code addBatch(String)} calls. */
  static final int MAX_BATCH_TEXTS = 4;

  private static final WeakIdentityMap<StatementRecord> BY_STATEMENT = new WeakIdentityMap<>();

  private final Sql sql;
  private String system;
  private int batched;
  private Sql[] batchTexts;
  private int distinctTexts;

  private StatementRecord(Sql sql, String system) {
    this.sql = sql;
    this.system = system;
  }

  /** Remembers the SQL a statement was prepared with; called when {@code prepare*} returns. */
  public static void prepared(Object connection, Object statement, String rawSql) {
    if (statement == null) {
      return;
    }
    try {
      String system = DbSystems.of(connection);
      Sql sql = Sql.of(rawSql, SqlDialect.of(system));
      keep(statement, new StatementRecord(sql, system));
    } catch (Throwable e) {
      Failures.record(Failures.ADVICE, e);
    }
  }

  /**
   * Counts one {@code addBatch()} (when {@code rawSql} is {@code null}) or
   * {@code addBatch(String)} of {@code statement}.
   */
  public static void batchAdded(Object statement, String rawSql) {
    try {
      StatementRecord record = of(statement);
      record.batched++;
      if (rawSql != null) {
        record.addText(Sql.of(rawSql, SqlDialect.of(record.system(statement))));
      }
    } catch (Throwable e) {
      Failures.record(Failures.ADVICE, e);
    }
  }

  /** Forgets the pending batch of {@code statement} ({@code clearBatch()}). */
  public static void batchCleared(Object statement) {
    StatementRecord record = find(statement);
    if (record != null) {
      record.clearBatch();
    }
  }

  /**
   * Forgets {@code statement} ({@code close()}). Its record is no use afterwards: a closed
   * statement cannot execute again.
   */
  public static void closed(Object statement) {
    if (statement instanceof StatementSlot) {
      ((StatementSlot) statement).reqtrace$setRecord(null);
    } else {
      BY_STATEMENT.remove(statement);
    }
  }

  /** The record of {@code statement}, created (with unknown SQL) if it was never seen prepared. */
  static StatementRecord of(Object statement) {
    StatementRecord record = find(statement);
    if (record == null) {
      record = new StatementRecord(null, null);
      keep(statement, record);
    }
    return record;
  }

  /** The record of {@code statement}, or {@code null}. */
  static StatementRecord find(Object statement) {
    if (statement instanceof StatementSlot) {
      return ((StatementSlot) statement).reqtrace$record();
    }
    return BY_STATEMENT.get(statement);
  }

  private static void keep(Object statement, StatementRecord record) {
    if (statement instanceof StatementSlot) {
      ((StatementSlot) statement).reqtrace$setRecord(record);
    } else {
      BY_STATEMENT.put(statement, record);
    }
  }

  /** Whether {@code statement} is remembered now; for tests. */
  public static boolean tracks(Object statement) {
    return find(statement) != null;
  }

  /** Statements remembered in the weak map (not in their own slot); for tests and diagnostics. */
  public static int tracked() {
    return BY_STATEMENT.size();
  }

  /** The prepared SQL, or {@code null} for a plain statement. */
  Sql sql() {
    return sql;
  }

  /** The database system, resolved through {@code getConnection()} the first time if need be. */
  String system(Object statement) {
    String known = system;
    if (known == null) {
      known = DbSystems.of(JdbcReflection.connectionOf(statement));
      system = known;
    }
    return known;
  }

  /** Takes the pending batch: its size, and resets it (JDBC empties the batch on execute). */
  int takeBatchSize() {
    int size = batched;
    batched = 0;
    return size;
  }

  /**
   * The text of the pending {@code addBatch(String)} batch ({@code null} when there was none), and
   * forgets it: the one statement, or up to {@link #MAX_BATCH_TEXTS} distinct ones joined by
   * {@code "; "}.
   */
  Sql takeBatchText() {
    Sql[] texts = batchTexts;
    int count = distinctTexts;
    batchTexts = null;
    distinctTexts = 0;
    if (texts == null || count == 0) {
      return null;
    }
    if (count == 1) {
      return texts[0];
    }
    StringBuilder joined = new StringBuilder();
    for (int i = 0; i < count && i < MAX_BATCH_TEXTS; i++) {
      if (i > 0) {
        joined.append("; ");
      }
      joined.append(texts[i].text());
    }
    if (count > MAX_BATCH_TEXTS) {
      joined.append("; ...");
    }
    return Sql.batch(joined.toString());
  }

  private void addText(Sql text) {
    if (batchTexts == null) {
      batchTexts = new Sql[MAX_BATCH_TEXTS];
    }
    for (int i = 0; i < distinctTexts && i < MAX_BATCH_TEXTS; i++) {
      if (batchTexts[i].text().equals(text.text())) {
        return;
      }
    }
    if (distinctTexts < MAX_BATCH_TEXTS) {
      batchTexts[distinctTexts] = text;
    }
    distinctTexts++;
  }

  private void clearBatch() {
    batched = 0;
    batchTexts = null;
    distinctTexts = 0;
  }
}
