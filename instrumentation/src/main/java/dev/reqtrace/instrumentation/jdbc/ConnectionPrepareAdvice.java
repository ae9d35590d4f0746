package dev.reqtrace.instrumentation.jdbc;

import dev.reqtrace.bootstrap.Depth;
import dev.reqtrace.bootstrap.StatementRecord;
import java.sql.Connection;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code Connection.prepareStatement}/{@code prepareCall}: remembers the SQL of the
 * returned statement, the only moment a driver-independent view of it exists. Only the outermost
 * call is remembered: a pool proxy's statement is what the application executes, and skipping the
 * driver's statement it wraps halves the records per prepare. Shares {@code Depth.JDBC}
 * so statements a driver runs while preparing are not the application's spans either.
 */
public final class ConnectionPrepareAdvice {
  private ConnectionPrepareAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static int enter() {
    return Depth.enter(Depth.JDBC);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Connection connection, @Advice.Argument(0) String sql,
                          @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object statement,
                          @Advice.Enter int depth) {
    Depth.exit(Depth.JDBC);
    if (depth == 0) {
      StatementRecord.prepared(connection, statement, sql);
    }
  }
}
