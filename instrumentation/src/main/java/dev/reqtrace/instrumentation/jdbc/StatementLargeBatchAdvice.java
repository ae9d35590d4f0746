package dev.reqtrace.instrumentation.jdbc;

import dev.reqtrace.bootstrap.JdbcCall;
import dev.reqtrace.bootstrap.ThreadState;
import java.sql.Statement;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code executeLargeBatch}: one span per batch, its size and summed update counts. */
public final class StatementLargeBatchAdvice {
  private StatementLargeBatchAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static JdbcCall enter(@Advice.This Statement statement,
                               @Advice.Local("thread") ThreadState thread) {
    thread = ThreadState.current();
    return JdbcCall.startBatch(thread, statement, thread.enterJdbc());
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter JdbcCall call, @Advice.Return long[] counts,
                          @Advice.Thrown Throwable thrown,
                          @Advice.Local("thread") ThreadState thread) {
    thread.exitJdbc();
    if (call != null) {
      call.endBatch(counts, thrown);
    }
  }
}
