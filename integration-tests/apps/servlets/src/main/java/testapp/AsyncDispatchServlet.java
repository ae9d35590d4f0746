package testapp;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Starts async and dispatches the same request to /hello: two dispatches, one request. */
public class AsyncDispatchServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
    Logs.both(AsyncDispatchServlet.class, "async-dispatch");
    req.startAsync().dispatch("/hello");
  }
}
