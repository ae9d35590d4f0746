package dev.reqtrace.demo;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** GET /async: the request thread returns at once; a container thread finishes the response. */
final class AsyncServlet extends HttpServlet {
  private static final Logger log = LoggerFactory.getLogger(AsyncServlet.class);
  private static final long WORK_MS = 200;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
    String requestThread = Thread.currentThread().getName();
    log.info("starting async work, request thread {} is released", requestThread);
    AsyncContext async = req.startAsync();
    async.setTimeout(10_000);
    async.start(() -> {
      try {
        Thread.sleep(WORK_MS); // stands in for a call to a slow remote service
        log.info("async work done on {}, completing the response", Thread.currentThread().getName());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestThread", requestThread);
        body.put("asyncThread", Thread.currentThread().getName());
        body.put("workMillis", WORK_MS);
        Responses.json((HttpServletResponse) async.getResponse(), 200, body);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // shutting down: answer 503 rather than an empty 200
        ((HttpServletResponse) async.getResponse()).setStatus(503);
      } catch (IOException e) {
        log.info("client went away before the async response was written");
      } finally {
        async.complete();
      }
    });
  }
}
