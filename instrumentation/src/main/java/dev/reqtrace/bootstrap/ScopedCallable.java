package dev.reqtrace.bootstrap;

import java.util.concurrent.Callable;

/**
 * A call handed to another thread during a request ({@code submit(Callable)}, Spring's
 * {@code @Async} methods), run with that request active.
 *
 * @param <V> the call's result type
 */
public final class ScopedCallable<V> implements Callable<V> {
  private final RequestScope scope;
  private final Callable<V> task;

  ScopedCallable(RequestScope scope, Callable<V> task) {
    this.scope = scope;
    this.task = task;
  }

  /**
   * Makes the call with the request's IDs in the logging context, then restores the thread; the
   * call's result or exception is the caller's.
   */
  @Override
  public V call() throws Exception {
    ThreadState thread = ThreadState.current();
    // As in ScopedRunnable: the call may run inline, inside the executor's submit.
    int executorDepth = thread.executorDepth;
    thread.executorDepth = 0;
    Activation activation = scope.continueOnThisThread(thread);
    try {
      return task.call();
    } finally {
      activation.restore();
      thread.executorDepth = executorDepth;
    }
  }
}
