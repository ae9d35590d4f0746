package dev.reqtrace.instrumentation.servlet;

import dev.reqtrace.bootstrap.RequestScope;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code AsyncContext.start}, which hands a {@code Runnable} to another thread during
 * a request: the task runs with the request's IDs. Spring's task executors have their own advice
 * ({@link TaskExecutorRunnableAdvice}, {@link TaskExecutorCallableAdvice}).
 */
public final class AsyncTaskAdvice {
  private AsyncTaskAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Runnable task) {
    task = RequestScope.wrap(task);
  }
}
