package testapp.boot;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.ModelAndView;

/**
 * The Spring MVC counterparts of the servlet endpoints, plus DeferredResult and Callable, and work
 * handed to {@code @Async} methods and to a {@code SimpleAsyncTaskExecutor}.
 */
@RestController
public class TestController {
  /** A thread per task, as Boot's executor is with virtual threads on; not a bean, see below. */
  private final SimpleAsyncTaskExecutor perTask = new SimpleAsyncTaskExecutor("per-task-");
  private final AsyncWork asyncWork;

  public TestController(AsyncWork asyncWork) {
    this.asyncWork = asyncWork;
  }

  @GetMapping("/hello")
  public String hello(@RequestParam(name = "n", required = false) String n) {
    Logs.both(TestController.class, "hello n=" + n);
    return "hello";
  }

  @GetMapping("/boom")
  public String boom() {
    Logs.both(TestController.class, "boom");
    throw new RuntimeException("boom (thrown on purpose by the integration test app)");
  }

  /**
   * Completed from a plain thread of the app's own (its log line carries no request ID: nothing
   * ties that thread to the request); {@link AsyncDispatchLogging} logs in the ASYNC dispatch.
   */
  @GetMapping("/deferred")
  public DeferredResult<String> deferred() {
    Logs.both(TestController.class, "deferred start");
    DeferredResult<String> result = new DeferredResult<>();
    Thread worker = new Thread(() -> {
      Logs.both(TestController.class, "deferred worker");
      result.setResult("deferred");
    }, "deferred-worker");
    worker.start();
    return result;
  }

  /** Spring MVC runs the Callable on its own task executor, then dispatches back. */
  @GetMapping("/callable")
  public Callable<String> callable() {
    Logs.both(TestController.class, "callable start");
    return () -> {
      Logs.both(TestController.class, "callable worker");
      return "callable";
    };
  }

  /**
   * Calls the three kinds of {@code @Async} method; waits for the two that return a future, not
   * for the void one.
   */
  @GetMapping("/at-async")
  public String atAsync() throws Exception {
    Logs.both(TestController.class, "at-async start");
    asyncWork.fireAndForget();
    String future = asyncWork.future().get(10, TimeUnit.SECONDS);
    String completable = asyncWork.completable().get(10, TimeUnit.SECONDS);
    return future + " " + completable;
  }

  /**
   * A Callable submitted to a {@code SimpleAsyncTaskExecutor}, whose submit hands a FutureTask to
   * its own {@code execute(Runnable, long)}. Not a bean: a second Executor bean would make Boot
   * leave out the {@code applicationTaskExecutor} that {@code /callable} and {@code /at-async} use.
   */
  @GetMapping("/simple-async")
  public String simpleAsync() throws Exception {
    Future<String> done = perTask.submit(() -> {
      Logs.both(TestController.class, "simple-async worker");
      return "simple-async";
    });
    return done.get(10, TimeUnit.SECONDS);
  }

  @GetMapping("/stream")
  public void stream(HttpServletResponse response) throws IOException {
    response.setContentType("text/plain");
    PrintWriter out = response.getWriter();
    for (int i = 0; i < 5; i++) {
      out.write("chunk " + i + "\n");
      response.flushBuffer();
    }
  }

  @GetMapping("/chain")
  public String chain() {
    Logs.both(TestController.class, "chain servlet");
    return "chain";
  }

  @GetMapping("/attr")
  public String attr(HttpServletRequest request, HttpServletResponse response) {
    // testapp.Endpoints.QUERY_ECHO_HEADER: this app does not depend on the servlets jar.
    response.setHeader("X-Query-Echo", String.valueOf(request.getQueryString()));
    return String.valueOf(request.getAttribute("reqtrace.request_id"));
  }

  @GetMapping("/forward")
  public ModelAndView forward() {
    return new ModelAndView("forward:/hello");
  }

  /** K tasks on the embedded Tomcat's worker pool, each logging {@code tick} outside any request. */
  @GetMapping("/spawn")
  public String spawn(@RequestParam(name = "n", defaultValue = "1") int n) {
    Executor pool = WorkerPool.get();
    for (int i = 0; i < n; i++) {
      String tick = "tick i=" + i;
      pool.execute(() -> Logs.both(TestController.class, tick));
    }
    return "spawned " + n;
  }
}
