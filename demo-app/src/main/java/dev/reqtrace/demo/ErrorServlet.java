package dev.reqtrace.demo;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container's error page (registered for Throwable, 500 and 404). It shows the user a
 * reference to quote to support: the request ID a request-tracing agent stores in the request
 * attribute {@value #REQUEST_ID_ATTRIBUTE}. The app never generates IDs itself; without the
 * agent it says so.
 */
final class ErrorServlet extends HttpServlet {
  static final String REQUEST_ID_ATTRIBUTE = "reqtrace.request_id";
  static final String NO_REFERENCE = "unavailable (no request ID: is the reqtrace agent attached?)";
  private static final Logger log = LoggerFactory.getLogger(ErrorServlet.class);

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    // service(), not doGet(): an error dispatch keeps the original method (POST, PUT, ...).
    Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer i ? i : 500;
    String uri = String.valueOf(req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
    Object reference = req.getAttribute(REQUEST_ID_ATTRIBUTE);
    String ref = reference == null ? NO_REFERENCE : reference.toString();
    Throwable error = (Throwable) req.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    log.info("rendering error page: status {} for {} ({}), reference {}", status, uri,
        error == null ? "no exception" : error.getClass().getSimpleName(), ref);

    // Browsers get a page; the JavaScript client of /api/** gets JSON it can parse.
    if (uri.startsWith("/api/")) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", status);
      body.put("error", status == 404 ? "Not found" : "Something went wrong");
      body.put("reference", reference); // null when no agent: the client then reads the header
      Responses.json(resp, status, body);
      return;
    }
    String sorry = status == 404 ? "Sorry, that page does not exist." : "Sorry, something went wrong.";
    // One plain sentence, no markup around the ID: easy to read aloud, copy, or grep for.
    Responses.html(resp, status, """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Error %d</title></head>
        <body>
        <h1>Error %d</h1>
        <p id="error-message">%s Reference: %s</p>
        <p>Quote this reference when you contact support: it finds this request in the logs.</p>
        <p><a href="/">Back to the demo</a></p>
        </body></html>
        """.formatted(status, status, sorry, Responses.escapeHtml(ref)));
  }
}
