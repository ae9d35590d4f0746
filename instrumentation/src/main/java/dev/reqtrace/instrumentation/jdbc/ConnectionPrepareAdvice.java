package dev.reqtrace.instrumentation.jdbc;

import dev.reqtrace.bootstrap.StatementRecord;
import dev.reqtrace.bootstrap.ThreadState;
import java.sql.Connection;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code Connection.prepareStatement}/{@code prepareCall}: remembers the SQL of the
 * returned statement, the only moment a driver-independent view of it exists. Only the outermost
 * call is remembered: a pool proxy's statement is what the application executes, and skipping the
 * driver's statement it wraps halves the records per prepare. Shares the JDBC depth
 * so statements a driver runs while preparing are not the application's spans either.
 */
public final class ConnectionPrepareAdvice {
  private ConnectionPrepareAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static int enter(@Advice.Local("thread") ThreadState thread) {
    thread = ThreadState.current();
    return thread.enterJdbc();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Connection connection, @Advice.Argument(0) String sql,
                          @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object statement,
                          @Advice.Enter int depth, @Advice.Local("thread") ThreadState thread) {
    thread.exitJdbc();
    if (depth == 0) {
      StatementRecord.prepared(connection, statement, sql);
    }
  }
}
