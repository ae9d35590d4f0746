package dev.reqtrace.demo;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Writing bodies the same way everywhere: explicit status, type and UTF-8. */
final class Responses {
  private Responses() {}

  static void json(HttpServletResponse resp, int status, Object body) throws IOException {
    write(resp, status, "application/json", Json.write(body));
  }

  static void html(HttpServletResponse resp, int status, String body) throws IOException {
    write(resp, status, "text/html", body);
  }

  static void write(HttpServletResponse resp, int status, String type, String body)
      throws IOException {
    resp.setStatus(status);
    resp.setContentType(type);
    resp.setCharacterEncoding("UTF-8");
    resp.getWriter().write(body);
  }

  /** Escapes text for HTML element content and attribute values. */
  static String escapeHtml(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
