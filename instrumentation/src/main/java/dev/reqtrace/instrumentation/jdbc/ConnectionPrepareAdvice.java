package dev.reqtrace.instrumentation.jdbc;

import dev.reqtrace.bootstrap.StatementRecord;
import java.sql.Connection;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code Connection.prepareStatement}/{@code prepareCall}: remembers the SQL of the
 * returned statement, the only moment a driver-independent view of it exists.
 */
public final class ConnectionPrepareAdvice {
  private ConnectionPrepareAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Connection connection, @Advice.Argument(0) String sql,
                          @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object statement) {
    StatementRecord.prepared(connection, statement, sql);
  }
}
