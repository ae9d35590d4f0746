package testapp;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/** Commits the response with the first chunk and streams the rest. */
public class StreamServlet extends HttpServlet {
  static final int CHUNKS = 5;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setContentType("text/plain");
    PrintWriter out = resp.getWriter();
    for (int i = 0; i < CHUNKS; i++) {
      out.write("chunk " + i + "\n");
      resp.flushBuffer();
    }
  }
}
