package dev.reqtrace.instrumentation.servlet;

import dev.reqtrace.bootstrap.RequestScope;
import dev.reqtrace.bootstrap.ThreadState;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into a Spring task executor's {@code execute}/{@code submit...} taking a
 * {@code Runnable}: the task runs with the request's IDs. Only the outermost of nested executor
 * calls wraps it (see {@link RequestScope#wrapSubmitted(ThreadState, Runnable)}).
 */
public final class TaskExecutorRunnableAdvice {
  private TaskExecutorRunnableAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static ThreadState enter(
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Runnable task) {
    ThreadState thread = ThreadState.current();
    task = RequestScope.wrapSubmitted(thread, task);
    return thread; // null when enter failed: then it did not enter the depth either
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter ThreadState thread) {
    if (thread != null) {
      thread.exitExecutor();
    }
  }
}
