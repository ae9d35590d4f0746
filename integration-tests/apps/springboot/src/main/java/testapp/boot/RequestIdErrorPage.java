package testapp.boot;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The app's error page in place of Boot's whitelabel one (404, 500, any exception; an ERROR
 * dispatch to {@code /error}): the failed request's status and the request ID the agent put on
 * it, as the servlet apps' {@code ErrorPageServlet} shows. Each main class registers a subclass
 * implementing Boot's marker interface {@code ErrorController}, whose package Boot 4 moved, so
 * Boot backs off its own {@code BasicErrorController}.
 */
public abstract class RequestIdErrorPage {
  @RequestMapping("/error")
  public ResponseEntity<String> error(HttpServletRequest request) {
    Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    return ResponseEntity.status(status instanceof Integer code ? code : 500)
        .contentType(MediaType.TEXT_PLAIN)
        .body("error page status=" + status
            + " request_id=" + request.getAttribute("reqtrace.request_id"));
  }
}
