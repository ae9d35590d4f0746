package dev.reqtrace.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LoggingContextsTest {
  private static final String LOG4J_CONTEXT = "org.apache.logging.log4j.ThreadContext";

  /** The test's own classes, and a count of how often a logging class was asked for. */
  static final class CountingLoader extends ClassLoader {
    final AtomicInteger log4jLookUps = new AtomicInteger();

    CountingLoader() {
      super(LoggingContextsTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.equals(LOG4J_CONTEXT)) {
        log4jLookUps.incrementAndGet();
      }
      return super.loadClass(name, resolve);
    }
  }

  @Test
  void aLoaderIsAskedOnceWhateverThreadRunsTheRequest() throws Exception {
    // A request per new thread, as with virtual threads: every look-up of Log4j's context was a
    // Class.forName (a ClassNotFoundException per request where Log4j is absent).
    CountingLoader loader = new CountingLoader();
    for (int request = 0; request < 20; request++) {
      // SLF4J's MDC: Log4j's API here goes to it
      assertThat(currentOnNewThread(loader)).hasSize(1);
    }
    assertThat(loader.log4jLookUps).hasValue(1);
  }

  @Test
  void log4jsApiOverSlf4jIsWrittenThroughSlf4jAlone() throws Exception {
    // This test's class path has Logback behind SLF4J and log4j-to-slf4j behind Log4j's API, as a
    // Spring Boot application's default logging does.
    assertThat(Class.forName(LOG4J_CONTEXT, false, getClass().getClassLoader())).isNotNull();
    assertThat(currentOnNewThread(new CountingLoader()))
        .containsExactly(MdcTarget.of(org.slf4j.MDC.class));
  }

  @Test
  void aThreadWithoutContextLoaderHasNoLoggingContext() throws Exception {
    assertThat(currentOnNewThread(null)).isEmpty();
  }

  @Test
  void remembersAtMostMaxLoaders() throws Exception {
    ClassLoader original = Thread.currentThread().getContextClassLoader();
    try {
      for (int i = 0; i < LoggingContexts.MAX_LOADERS + 5; i++) {
        Thread.currentThread().setContextClassLoader(new CountingLoader());
        assertThat(LoggingContexts.current()).hasSize(1);
      }
    } finally {
      Thread.currentThread().setContextClassLoader(original);
    }
    assertThat(LoggingContexts.rememberedLoaders()).isLessThanOrEqualTo(LoggingContexts.MAX_LOADERS);
  }

  /** What {@link LoggingContexts#current()} answers on a new thread with this context loader. */
  private static MdcTarget[] currentOnNewThread(ClassLoader loader) throws InterruptedException {
    AtomicReference<MdcTarget[]> found = new AtomicReference<>();
    Thread thread = new Thread(() -> found.set(LoggingContexts.current()));
    thread.setContextClassLoader(loader);
    thread.start();
    thread.join();
    return found.get();
  }
}
