package dev.reqtrace.bootstrap;

/**
 * The agent's state on one thread: the nesting depths, so a filter chain, a {@code service()}
 * calling {@code super.service()} or a statement wrapper delegating to another one opens one scope,
 * not several, and a task executor's submit delegating to its own execute wraps the task once; and
 * the activation of the request running here. One thread-local for all of it, read once per
 * advised call and handed on from there: a request's JDBC statement used to read three
 * thread-locals on enter and one on exit.
 */
public final class ThreadState {
  private static final ThreadLocal<ThreadState> STATE = ThreadLocal.withInitial(ThreadState::new);

  /** Servlet and filter calls entered and not yet left on this thread. */
  private int serverDepth;
  /** JDBC execute and prepare calls entered and not yet left on this thread. */
  private int jdbcDepth;
  /** Task executor execute and submit calls entered and not yet left on this thread. */
  int executorDepth;
  /** The innermost activation on this thread; {@link Activation} keeps the one it replaced. */
  Activation activation;

  private ThreadState() {}

  /** This thread's state. */
  public static ThreadState current() {
    return STATE.get();
  }

  /**
   * Enters a servlet or filter call; servlets and filters share the depth, so the outermost of
   * them opens the request.
   *
   * @return the depth before entering: 0 for the outermost call
   */
  public int enterServer() {
    return serverDepth++;
  }

  /** Leaves a servlet or filter call; never goes below zero, whatever unbalanced advice did. */
  public void exitServer() {
    if (serverDepth > 0) {
      serverDepth--;
    }
  }

  /**
   * Enters a JDBC call; every {@code Statement} type and {@code prepareStatement} share the depth,
   * so the outermost execute is the span.
   *
   * @return the depth before entering: 0 for the outermost call
   */
  public int enterJdbc() {
    return jdbcDepth++;
  }

  /** Leaves a JDBC call; never goes below zero. */
  public void exitJdbc() {
    if (jdbcDepth > 0) {
      jdbcDepth--;
    }
  }

  /** Leaves a task executor's execute or submit; never goes below zero. */
  public void exitExecutor() {
    if (executorDepth > 0) {
      executorDepth--;
    }
  }

  /** The request active on this thread, or {@code null} outside any request. */
  public RequestScope scope() {
    Activation current = activation;
    return current == null ? null : current.scope();
  }
}
