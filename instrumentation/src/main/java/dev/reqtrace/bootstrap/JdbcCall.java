package dev.reqtrace.bootstrap;

import java.util.concurrent.atomic.LongAdder;

/**
 * One executed JDBC statement: the span the outermost {@code execute*}/{@code executeBatch} of a
 * request opens. Created by the advice's enter, completed by its exit, then kept in the request's
 * {@link DbStats}. Statements outside any request, or in one that has ended, are only counted.
 */
public final class JdbcCall {
  private static final LongAdder OUTSIDE_REQUESTS = new LongAdder();

  private final RequestScope scope;
  private final Sql sql;
  private final String system;
  private final int batchSize;
  private final long startNanos;
  private long durationNanos;
  private long rows = -1;
  private boolean failed;
  /** The previously recorded call of the same request; {@link DbStats} links them lock-free. */
  JdbcCall next;
  /** 1 for the request's first recorded call; set with {@link #next}. */
  int position;

  private JdbcCall(RequestScope scope, Sql sql, String system, int batchSize) {
    this.scope = scope;
    this.sql = sql;
    this.system = system;
    this.batchSize = batchSize;
    this.startNanos = System.nanoTime();
  }

  /**
   * Opens the span of an {@code execute*} call, or returns {@code null} outside a request (counted
   * then) or on failure.
   *
   * @param thread this thread's state
   * @param statement the statement executing
   * @param rawSql the SQL argument of {@code Statement.execute*(String...)}, or {@code null} for a
   *     prepared statement, whose SQL was remembered at prepare time
   */
  public static JdbcCall start(ThreadState thread, Object statement, String rawSql) {
    try {
      RequestScope scope = thread.scope();
      if (scope == null || scope.hasEnded()) {
        // Ended: a task of the request still running after it was reported (@Async fire and
        // forget); recorded in it, the statement would be in no metric at all.
        OUTSIDE_REQUESTS.increment();
        return null;
      }
      if (rawSql != null) {
        StatementRecord record = StatementRecord.find(statement);
        String system = record != null ? record.system(statement)
            : DbSystems.of(JdbcReflection.connectionOf(statement));
        return new JdbcCall(scope, Sql.of(rawSql, SqlDialect.of(system)), system, 0);
      }
      StatementRecord record = StatementRecord.find(statement);
      if (record == null || record.sql() == null) {
        return new JdbcCall(scope, Sql.UNKNOWN,
            record != null ? record.system(statement)
                : DbSystems.of(JdbcReflection.connectionOf(statement)), 0);
      }
      return new JdbcCall(scope, record.sql(), record.system(statement), 0);
    } catch (Throwable e) {
      Failures.record(Failures.ADVICE, e);
      return null;
    }
  }

  /**
   * Opens the span of {@code executeBatch}/{@code executeLargeBatch}. Takes the pending batch at
   * every depth (a wrapper and the statement it delegates to each counted their own), and opens a
   * span only at depth 0.
   *
   * @param thread this thread's state
   * @param depth the JDBC depth before this call ({@link ThreadState#enterJdbc})
   */
  public static JdbcCall startBatch(ThreadState thread, Object statement, int depth) {
    try {
      StatementRecord record = StatementRecord.find(statement);
      int size = record == null ? 0 : record.takeBatchSize();
      Sql texts = record == null ? null : record.takeBatchText();
      if (depth > 0) {
        return null;
      }
      RequestScope scope = thread.scope();
      if (scope == null || scope.hasEnded()) {
        OUTSIDE_REQUESTS.increment();
        return null;
      }
      Sql sql = texts != null ? texts : record != null && record.sql() != null ? record.sql() : Sql.UNKNOWN;
      String system = record != null ? record.system(statement)
          : DbSystems.of(JdbcReflection.connectionOf(statement));
      return new JdbcCall(scope, sql, system, size);
    } catch (Throwable e) {
      Failures.record(Failures.ADVICE, e);
      return null;
    }
  }

  /** Ends the span; {@code affectedRows} is an update count, or -1 when unknown or not cheap. */
  public void end(long affectedRows, Throwable thrown) {
    durationNanos = System.nanoTime() - startNanos;
    failed = thrown != null;
    rows = thrown != null ? -1 : affectedRows;
    if (scope.hasEnded()) {
      OUTSIDE_REQUESTS.increment(); // the request ended while this ran: see start
      return;
    }
    scope.dbForWrite().add(this);
  }

  /** Ends a batch span; rows are the sum of the known update counts. */
  public void endBatch(int[] counts, Throwable thrown) {
    long sum = -1;
    if (counts != null && thrown == null) {
      sum = 0;
      for (int count : counts) {
        if (count > 0) {
          sum += count;
        }
      }
    }
    end(sum, thrown);
  }

  /** Ends a large batch span; rows are the sum of the known update counts. */
  public void endBatch(long[] counts, Throwable thrown) {
    long sum = -1;
    if (counts != null && thrown == null) {
      sum = 0;
      for (long count : counts) {
        if (count > 0) {
          sum += count;
        }
      }
    }
    end(sum, thrown);
  }

  /** Statements executed outside any request since start (start-up, schedulers, pool checks). */
  public static long outsideRequests() {
    return OUTSIDE_REQUESTS.sum();
  }

  /** The span recorded before this one in the same request, or {@code null} (see {@link DbStats#newest()}). */
  public JdbcCall older() {
    return next;
  }

  /** The request this statement ran in. */
  public RequestScope scope() {
    return scope;
  }

  /** The normalized statement. */
  public Sql sql() {
    return sql;
  }

  /** The database system ({@code h2}, {@code postgresql}, ...). */
  public String system() {
    return system;
  }

  /** The number of parameter sets or statements of a batch; 0 when this is not a batch. */
  public int batchSize() {
    return batchSize;
  }

  /** {@link System#nanoTime()} at start. */
  public long startNanos() {
    return startNanos;
  }

  /** Duration in nanoseconds. */
  public long durationNanos() {
    return durationNanos;
  }

  /** Rows affected (update counts), or -1 when unknown. */
  public long rows() {
    return rows;
  }

  /** Whether the call threw. */
  public boolean failed() {
    return failed;
  }
}
