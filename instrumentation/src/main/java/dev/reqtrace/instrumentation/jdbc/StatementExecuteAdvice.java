package dev.reqtrace.instrumentation.jdbc;

import dev.reqtrace.bootstrap.JdbcCall;
import dev.reqtrace.bootstrap.ThreadState;
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
                               @Advice.Argument(value = 0, optional = true) String sql,
                               @Advice.Local("thread") ThreadState thread) {
    thread = ThreadState.current();
    if (thread.enterJdbc() > 0) {
      return null;
    }
    return JdbcCall.start(thread, statement, sql);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter JdbcCall call, @Advice.Thrown Throwable thrown,
                          @Advice.Local("thread") ThreadState thread) {
    thread.exitJdbc();
    if (call != null) {
      call.end(-1, thrown);
    }
  }
}
