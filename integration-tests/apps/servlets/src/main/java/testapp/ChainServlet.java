package testapp;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The end of the three-filter chain on /chain. */
public class ChainServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Logs.both(ChainServlet.class, "chain servlet");
    resp.setContentType("text/plain");
    resp.getWriter().write("chain");
  }
}
