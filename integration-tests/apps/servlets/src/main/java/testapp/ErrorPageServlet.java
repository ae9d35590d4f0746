package testapp;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The containers' error page (for 404, 500 and any exception): what a server-side error page
 * would show the user, the failed request's status and the request ID the agent put on it.
 */
public class ErrorPageServlet extends HttpServlet {
  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setContentType("text/plain");
    resp.getWriter().write("error page status=" + req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE)
        + " request_id=" + req.getAttribute(Endpoints.REQUEST_ID_ATTRIBUTE));
  }
}
