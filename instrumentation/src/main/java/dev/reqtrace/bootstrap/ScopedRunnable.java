package dev.reqtrace.bootstrap;

/** A task handed to another thread during a request, run with that request active. */
public final class ScopedRunnable implements Runnable {
  private final RequestScope scope;
  private final Runnable task;

  ScopedRunnable(RequestScope scope, Runnable task) {
    this.scope = scope;
    this.task = task;
  }

  /** Runs the task with the request's IDs in the logging context, then restores the thread. */
  @Override
  public void run() {
    ThreadState thread = ThreadState.current();
    // Zero while the task runs: an executor may run it inline, inside its own execute (a
    // synchronous executor, a caller-runs rejection policy), and what the task submits itself
    // must still be wrapped.
    int executorDepth = thread.executorDepth;
    thread.executorDepth = 0;
    Activation activation = scope.continueOnThisThread(thread);
    try {
      task.run();
    } finally {
      activation.restore();
      thread.executorDepth = executorDepth;
    }
  }
}
