package testapp;

import java.util.concurrent.Executor;

/**
 * The container's own request worker pool, published by the launcher once the server runs.
 * {@code /spawn} puts non-request work on pooled request threads, where a leaked MDC would show.
 */
public final class WorkerPool {
  private static volatile Executor executor;

  private WorkerPool() {}

  /** Called by the launcher after the container started. */
  public static void publish(Executor containerPool) {
    executor = containerPool;
  }

  /** The container pool, or null when the launcher could not find it. */
  public static Executor get() {
    return executor;
  }
}
