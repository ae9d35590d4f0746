package dev.reqtrace.instrumentation.jdbc;

import dev.reqtrace.bootstrap.JdbcCall;
import dev.reqtrace.bootstrap.ThreadState;
import java.sql.Statement;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code executeLargeUpdate}: like {@link StatementExecuteAdvice}, plus the update count. */
public final class StatementLargeUpdateAdvice {
  private StatementLargeUpdateAdvice() {}

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
  public static void exit(@Advice.Enter JdbcCall call, @Advice.Return long rows,
                          @Advice.Thrown Throwable thrown,
                          @Advice.Local("thread") ThreadState thread) {
    thread.exitJdbc();
    if (call != null) {
      call.end(rows, thrown);
    }
  }
}
