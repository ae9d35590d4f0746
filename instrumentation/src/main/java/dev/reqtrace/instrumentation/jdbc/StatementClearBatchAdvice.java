package dev.reqtrace.instrumentation.jdbc;

import dev.reqtrace.bootstrap.StatementRecord;
import java.sql.Statement;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code clearBatch()}: forgets the pending batch. */
public final class StatementClearBatchAdvice {
  private StatementClearBatchAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Statement statement) {
    StatementRecord.batchCleared(statement);
  }
}
