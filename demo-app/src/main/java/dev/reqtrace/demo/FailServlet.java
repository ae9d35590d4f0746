package dev.reqtrace.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /fail and GET /api/fail: a checkout whose payment call fails. The exception escapes on
 * purpose, so the container takes its 500 path and dispatches to the error page (ErrorServlet),
 * which renders HTML for /fail and JSON for /api/fail.
 */
final class FailServlet extends HttpServlet {
  private static final Logger log = LoggerFactory.getLogger(FailServlet.class);

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
    log.info("checking out the basket: calling the payment service");
    throw new IllegalStateException("payment service unavailable");
  }
}
