package testapp;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Finishes the request on a container thread through AsyncContext.start, logging there. */
public class AsyncServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
    Logs.both(AsyncServlet.class, "async start");
    AsyncContext ac = req.startAsync();
    ac.start(() -> {
      try {
        Logs.both(AsyncServlet.class, "async worker");
        ac.getResponse().setContentType("text/plain");
        ac.getResponse().getWriter().write("async");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        ac.complete();
      }
    });
  }
}
