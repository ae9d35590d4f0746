package testapp;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Executor;

/**
 * {@code /spawn?n=K}: K tasks on the container's worker pool, each logging {@code tick} outside
 * any request. A request ID in a tick line is an MDC value leaked by an earlier request.
 */
public class SpawnServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Executor pool = WorkerPool.get();
    if (pool == null) {
      resp.sendError(503, "the launcher published no worker pool");
      return;
    }
    String n = req.getParameter("n");
    int count = n == null ? 1 : Integer.parseInt(n);
    for (int i = 0; i < count; i++) {
      String tick = "tick i=" + i;
      pool.execute(() -> Logs.both(SpawnServlet.class, tick));
    }
    resp.setContentType("text/plain");
    resp.getWriter().write("spawned " + count);
  }
}
