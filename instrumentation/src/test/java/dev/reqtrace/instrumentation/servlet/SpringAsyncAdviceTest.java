package dev.reqtrace.instrumentation.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reqtrace.bootstrap.Activation;
import dev.reqtrace.bootstrap.RequestScope;
import dev.reqtrace.bootstrap.ThreadState;
import dev.reqtrace.instrumentation.AdviceInstaller;
import dev.reqtrace.instrumentation.servlet.fixtures.Seen;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.core.task.TaskRejectedException;

/**
 * The Spring task executor advice applied for real by Byte Buddy, to fixture executors of a
 * throwaway class loader that hand their tasks over the way Spring's own do.
 */
class SpringAsyncAdviceTest {
  private static final String FIXTURES = FixtureLoader.FIXTURES;
  /** What a task sees on the thread it runs on: the active request's ID and the MDC's. */
  private static final Callable<String> SEEN_ON_WORKER = () -> {
    RequestScope scope = ThreadState.current().scope();
    return (scope == null ? "none" : scope.requestId()) + " mdc=" + MDC.get("request_id");
  };

  private Instrumentation instrumentation;
  private ClassFileTransformer transformer;
  private ClassLoader loader;
  private Activation request;
  private AsyncTaskExecutor pool;

  @BeforeEach
  void install() throws Exception {
    instrumentation = ByteBuddyAgent.install();
    loader = new FixtureLoader();
    transformer = AdviceInstaller.install(instrumentation, new SpringAsyncInstrumentation(), loader);
    pool = executor("PoolExecutor");
  }

  @AfterEach
  void reset() throws Exception {
    if (request != null) {
      request.end(200, null, null);
    }
    ((AutoCloseable) pool).close();
    instrumentation.removeTransformer(transformer);
    Seen.TASKS.clear();
  }

  /** Spring's {@code @Async} void and Future methods: ThreadPoolTaskExecutor.submit(Callable). */
  @Test
  void aCallableSubmittedToAPoolRunsWithTheRequestOnThePoolThread() throws Exception {
    String id = startRequest();

    assertThat(pool.submit(SEEN_ON_WORKER).get(5, SECONDS))
        .isEqualTo(id + " mdc=" + id);
    assertThat(pool.submitCompletable(SEEN_ON_WORKER).get(5, SECONDS))
        .isEqualTo(id + " mdc=" + id);
    endRequest();
    assertThat(pool.submit(SEEN_ON_WORKER).get(5, SECONDS))
        .as("the pool thread's next task, outside any request").isEqualTo("none mdc=null");
  }

  /** SimpleAsyncTaskExecutor.submit(Callable) hands a FutureTask to execute(Runnable, long). */
  @Test
  void aCallableSubmittedToAThreadPerTaskExecutorRunsWithTheRequest() throws Exception {
    String id = startRequest();

    AsyncTaskExecutor executor = executor("ThreadPerTaskExecutor");

    assertThat(executor.submit(SEEN_ON_WORKER).get(5, SECONDS)).isEqualTo(id + " mdc=" + id);
    assertThat(Seen.TASKS).as("the nested execute passes the FutureTask on, unwrapped")
        .containsExactly("FutureTask");
  }

  @Test
  void anExecutorDelegatingToItsOwnExecuteWrapsTheTaskOnce() throws Exception {
    String id = startRequest();
    AsyncTaskExecutor executor = executor("ThreadPerTaskExecutor");
    String[] seen = new String[3];

    Runnable first = () -> seen[0] = call(SEEN_ON_WORKER);
    executor.submit(first).get(5, SECONDS);
    runAndWait(executor::execute, () -> seen[1] = call(SEEN_ON_WORKER));
    runAndWait(task -> executor.execute(task, 0L), () -> seen[2] = call(SEEN_ON_WORKER));

    assertThat(seen).containsOnly(id + " mdc=" + id);
    assertThat(Seen.TASKS).containsExactly("FutureTask", "ScopedRunnable", "ScopedRunnable");
  }

  /** SyncTaskExecutor, or a pool's caller-runs policy: the task runs inside execute. */
  @Test
  void aTaskRunInsideExecuteStillHandsItsOwnWorkOnWithTheRequest() throws Exception {
    String id = startRequest();
    TaskExecutor inline = executor("InlineExecutor");
    String[] seen = new String[1];

    inline.execute(() -> seen[0] = call(() -> pool.submit(SEEN_ON_WORKER).get(5, SECONDS)));

    assertThat(seen[0]).isEqualTo(id + " mdc=" + id);
  }

  @Test
  void aRejectedTaskLeavesTheNextSubmissionWrapped() throws Exception {
    String id = startRequest();
    AsyncTaskExecutor rejecting = executor("RejectingExecutor");

    assertThatThrownBy(() -> rejecting.submit(SEEN_ON_WORKER))
        .isInstanceOf(TaskRejectedException.class);
    assertThatThrownBy(() -> rejecting.execute(() -> { }))
        .isInstanceOf(TaskRejectedException.class);

    assertThat(pool.submit(SEEN_ON_WORKER).get(5, SECONDS)).isEqualTo(id + " mdc=" + id);
  }

  @Test
  void outsideARequestTasksRunAsTheyAre() throws Exception {
    assertThat(pool.submit(SEEN_ON_WORKER).get(5, SECONDS)).isEqualTo("none mdc=null");
    AsyncTaskExecutor executor = executor("ThreadPerTaskExecutor");
    assertThat(executor.submit(SEEN_ON_WORKER).get(5, SECONDS)).isEqualTo("none mdc=null");
    assertThat(Seen.TASKS).containsExactly("FutureTask");
  }

  private String startRequest() {
    request = RequestScope.start("GET", "/async", null, null);
    return request.scope().requestId();
  }

  private void endRequest() {
    request.end(200, null, null);
    request = null;
  }

  @SuppressWarnings("unchecked")
  private <T> T executor(String simpleName) throws Exception {
    return (T) loader.loadClass(FIXTURES + simpleName).getConstructor().newInstance();
  }

  private static String call(Callable<String> callable) {
    try {
      return callable.call();
    } catch (Exception e) {
      return e.toString();
    }
  }

  /** Hands {@code body} over through {@code handOver} and waits until it has run. */
  private static void runAndWait(Consumer<Runnable> handOver, Runnable body) throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    handOver.accept(() -> {
      try {
        body.run();
      } finally {
        done.countDown();
      }
    });
    assertThat(done.await(5, SECONDS)).as("task ran").isTrue();
  }
}
