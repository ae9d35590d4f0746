package dev.reqtrace.instrumentation.servlet.jakarta;

import dev.reqtrace.bootstrap.Activation;
import dev.reqtrace.bootstrap.ErrorDetails;
import dev.reqtrace.bootstrap.Failures;
import dev.reqtrace.bootstrap.RequestScope;
import dev.reqtrace.bootstrap.ServletBridge;
import dev.reqtrace.bootstrap.ThreadState;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;

/**
 * The servlet advice's work: the outermost call of a dispatch opens (or, on a later dispatch,
 * resumes) the request; nested calls only move the depth. A failed request's details for the error
 * report are copied on exit.
 *
 * <p>Written once, for {@code jakarta.servlet}; {@code ServletBridgeFactory} makes the
 * {@code javax.servlet} bridge from this class file by renaming the API's package. Never loaded by
 * the agent's own loader: the factory defines each bridge, from its class file, in a loader of its
 * own whose parent is the one of the servlet API the request implements. Nothing here may name the
 * API in a string: the renaming only sees types.
 */
public final class JakartaServletBridge implements ServletBridge {
  /** Where a container that handled the exception itself (error page) leaves it. */
  private static final String ERROR_EXCEPTION =
      ServletRequest.class.getPackageName() + ".error.exception";

  @Override
  public Activation enter(Object request, Object response) {
    ServletRequest req = (ServletRequest) request;
    ServletResponse res = (ServletResponse) response;
    ThreadState thread = ThreadState.current();
    // Filters and servlets share one counter: a filter chain or super.service() is one span.
    if (thread.enterServer() > 0) {
      return Activation.nested(thread, req.getAttribute(RequestScope.SPRING_PATTERN));
    }
    if (!(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)) {
      return null;
    }
    HttpServletRequest in = (HttpServletRequest) req;
    HttpServletResponse out = (HttpServletResponse) res;
    Object known = in.getAttribute(RequestScope.SCOPE_ATTRIBUTE);
    Activation activation;
    if (known instanceof RequestScope) {
      ((RequestScope) known).notePattern(in.getAttribute(RequestScope.SPRING_PATTERN));
      activation = ((RequestScope) known).resume(thread);
    } else {
      activation = RequestScope.start(thread, in.getMethod(), in.getRequestURI(),
          in.getHeader(RequestScope.headerName()), in.getHeader(RequestScope.TRACEPARENT));
    }
    // From here on the request is active on this thread: whatever the container or an attribute
    // listener throws, the activation goes back to the advice, so that exit ends it and restores
    // the MDC; a missing attribute or header is all the failure costs.
    try {
      // Now, not on exit: by then the body may be flushed and headers frozen. Error handling may
      // have reset the response before a later dispatch, so every dispatch sets it again.
      if (!out.isCommitted()) {
        out.setHeader(RequestScope.headerName(), activation.scope().requestId());
      }
      if (!(known instanceof RequestScope)) {
        if (in.getHeader("Origin") != null) {
          out.setHeader(RequestScope.EXPOSE_HEADERS,
              RequestScope.exposeHeaders(out.getHeader(RequestScope.EXPOSE_HEADERS)));
        }
        if (RequestScope.capturesClient()) {
          activation.scope().noteClient(in.getRemoteAddr(), in.getHeader("User-Agent"));
        }
      }
    } catch (Throwable e) {
      Failures.record(Failures.ADVICE, e);
    }
    try {
      if (!(known instanceof RequestScope)) {
        in.setAttribute(RequestScope.ATTRIBUTE, activation.scope().requestId());
      }
    } catch (Throwable e) {
      Failures.record(Failures.ADVICE, e); // an attribute listener of the application threw
    }
    return activation;
  }

  @Override
  public void exit(Object request, Object response, Activation activation, Throwable thrown) {
    ServletRequest req = (ServletRequest) request;
    ServletResponse res = (ServletResponse) response;
    ThreadState.current().exitServer();
    if (activation == null) {
      return;
    }
    int status = thrown != null ? 500 : 200;
    Object failure = thrown;
    Object route = null;
    try {
      if (res instanceof HttpServletResponse) {
        status = ((HttpServletResponse) res).getStatus();
      }
      if (thrown != null && !res.isCommitted()) {
        // The container answers an escaping exception with an error page of its own status.
        status = RequestScope.statusOfUncaught(thrown);
      }
      // A container that handled the exception itself (error page) leaves it in this attribute,
      // and an error status with it: a successful response needs no look.
      if (thrown == null && status >= 400) {
        failure = req.getAttribute(ERROR_EXCEPTION);
      }
      ErrorDetails details = activation.scope().captureErrorDetails(status, failure);
      if (details != null) {
        capture(req, details);
      }
      route = req.getAttribute(RequestScope.SPRING_PATTERN);
      if (status >= 400 || thrown != null) {
        // The container may dispatch to its error page after this call (Jetty does): that dispatch
        // finds the request here. Set only now, since most requests never need it (async ones get
        // it from startAsync).
        req.setAttribute(RequestScope.SCOPE_ATTRIBUTE, activation.scope());
      }
    } catch (Throwable e) {
      Failures.record(Failures.ADVICE, e);
    } finally {
      // Whatever the container or a listener threw above, the request ends and the MDC and this
      // thread's state are restored: a pooled thread must not carry them to its next request.
      activation.end(status, failure, route);
    }
  }

  /** Copies a failed request's details for the error report, now: the container recycles it soon. */
  private static void capture(ServletRequest req, ErrorDetails details) {
    try {
      HttpServletRequest in = (HttpServletRequest) req;
      String[] headers = new String[ErrorDetails.HEADERS.length];
      for (int i = 0; i < headers.length; i++) {
        headers[i] = in.getHeader(ErrorDetails.HEADERS[i]);
      }
      HttpSession session = in.getSession(false);
      Principal user = in.getUserPrincipal();
      details.capture(String.valueOf(in.getRequestURL()), in.getQueryString(), headers,
          user == null ? null : user.getName(),
          session != null ? session.getId() : in.getRequestedSessionId(),
          ErrorDetails.parametersParsed(in) ? in.getParameterMap() : null);
    } catch (Throwable e) {
      Failures.record(Failures.ADVICE, e); // the request must still end
    }
  }
}
