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
 *
 * <p>POST /checkout (form fields {@code card}, ...): the same failure with a classic bug, the card
 * number quoted in the exception message. It reads the form, so an agent may report the parsed
 * parameters; the agent's error report must mask the card and every secret the client sent.
 */
final class FailServlet extends HttpServlet {
  private static final Logger log = LoggerFactory.getLogger(FailServlet.class);

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
    log.info("checking out the basket: calling the payment service");
    throw new IllegalStateException("payment service unavailable");
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
    String card = req.getParameter("card");
    log.info("checking out the basket: charging the card");
    throw new IllegalStateException("payment declined for card " + card);
  }
}
