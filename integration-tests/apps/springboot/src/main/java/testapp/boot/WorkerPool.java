package testapp.boot;

import java.util.concurrent.Executor;

/**
 * The embedded Tomcat's worker pool, for {@code /spawn}. Set by the main class, whose
 * {@code TomcatWebServer} and {@code WebServerInitializedEvent} are in different packages in
 * Spring Boot 3 and 4: everything else in this package compiles against both.
 */
public final class WorkerPool {
  private static volatile Executor executor;

  private WorkerPool() {}

  /** Called once the web server has started. */
  public static void set(Executor pool) {
    executor = pool;
  }

  static Executor get() {
    return executor;
  }
}
