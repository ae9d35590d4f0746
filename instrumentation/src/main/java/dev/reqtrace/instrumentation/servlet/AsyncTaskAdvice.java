package dev.reqtrace.instrumentation.servlet;

import dev.reqtrace.bootstrap.RequestScope;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into methods that hand a {@code Runnable} to another thread during a request
 * ({@code AsyncContext.start}, Spring's task executors): the task runs with the request's IDs.
 */
public final class AsyncTaskAdvice {
  private AsyncTaskAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Runnable task) {
    task = RequestScope.wrap(task);
  }
}
