package dev.reqtrace.instrumentation.jdbc;

import dev.reqtrace.bootstrap.StatementRecord;
import java.sql.Statement;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code addBatch()} and {@code addBatch(String)}: counts the pending batch of this
 * statement object (a wrapper and its delegate each count their own; the span takes the outer one).
 */
public final class StatementAddBatchAdvice {
  private StatementAddBatchAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Statement statement,
                          @Advice.Argument(value = 0, optional = true) String sql) {
    StatementRecord.batchAdded(statement, sql);
  }
}
