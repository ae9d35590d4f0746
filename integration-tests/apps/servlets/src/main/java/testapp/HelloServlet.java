package testapp;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** 200 "hello"; logs {@code hello n=<n>} through SLF4J and Log4j2 (n lets tests pair lines and responses). */
public class HelloServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Logs.both(HelloServlet.class, "hello n=" + req.getParameter("n"));
    resp.setContentType("text/plain");
    resp.getWriter().write("hello");
  }
}
