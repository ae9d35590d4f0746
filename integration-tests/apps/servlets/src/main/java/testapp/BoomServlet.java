package testapp;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Throws, so the container answers 500 from its own error handling. */
public class BoomServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
    Logs.both(BoomServlet.class, "boom");
    throw new RuntimeException("boom (thrown on purpose by the integration test app)");
  }
}
