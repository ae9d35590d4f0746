package dev.reqtrace.instrumentation.jdbc;

import dev.reqtrace.bootstrap.Depth;
import dev.reqtrace.bootstrap.JdbcCall;
import java.sql.Statement;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code execute}/{@code executeQuery}, with or without a SQL argument: the outermost
 * call on this thread is the span; a wrapper's delegate only moves the depth.
 */
public final class StatementExecuteAdvice {
  private StatementExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static JdbcCall enter(@Advice.This Statement statement,
                               @Advice.Argument(value = 0, optional = true) String sql) {
    if (Depth.enter(Depth.JDBC) > 0) {
      return null;
    }
    return JdbcCall.start(statement, sql);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter JdbcCall call, @Advice.Thrown Throwable thrown) {
    Depth.exit(Depth.JDBC);
    if (call != null) {
      call.end(-1, thrown);
    }
  }
}
