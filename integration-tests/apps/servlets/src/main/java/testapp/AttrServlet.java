package testapp;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Body = the request attribute the agent sets (the text "null" when it is missing). The query
 * string comes back in {@link Endpoints#QUERY_ECHO_HEADER}, so a client can tell which of its
 * requests a response answers.
 */
public class AttrServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setContentType("text/plain");
    resp.setHeader(Endpoints.QUERY_ECHO_HEADER, String.valueOf(req.getQueryString()));
    resp.getWriter().write(String.valueOf(req.getAttribute(Endpoints.REQUEST_ID_ATTRIBUTE)));
  }
}
