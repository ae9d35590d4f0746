package dev.reqtrace.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's default servlet ("/"): serves the few files under classpath:/static and answers
 * 404 for everything else through the container's error page. Classpath rather than Tomcat's
 * DefaultServlet because the files live inside the fat jar, not in a directory.
 */
final class StaticServlet extends HttpServlet {
  private static final Logger log = LoggerFactory.getLogger(StaticServlet.class);
  private static final Map<String, String> FILES = Map.of("/error-demo.html", "text/html");

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getServletPath();
    String type = FILES.get(path); // a fixed list: no path traversal to think about
    InputStream in = type == null ? null : StaticServlet.class.getResourceAsStream("/static" + path);
    if (in == null) {
      log.info("no page at {}", path);
      resp.sendError(404);
      return;
    }
    try (in) {
      log.info("serving static page {}", path);
      resp.setContentType(type);
      resp.setCharacterEncoding("UTF-8");
      in.transferTo(resp.getOutputStream());
    }
  }
}
