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
    Activation activation = scope.continueOnThisThread();
    try {
      task.run();
    } finally {
      activation.restore();
    }
  }
}
