package dev.reqtrace.bootstrap;

/**
 * What the servlet advice does, out of line: the advice inlined into every servlet, filter and
 * Tomcat's host valve is one call each way, and this method body exists once per servlet API
 * rather than once per instrumented method. Taking {@code Object} lets the boot loader declare it;
 * an implementation is defined next to the servlet API it casts to (see {@link ServletBridges}).
 */
public interface ServletBridge {
  /**
   * On entry to a servlet's {@code service}, a filter's {@code doFilter} or the host valve.
   *
   * @return the activation to end on exit, or {@code null} when this call opens nothing
   */
  Activation enter(Object request, Object response);

  /** On exit, normal or by {@code thrown}, with what {@link #enter} returned. */
  void exit(Object request, Object response, Activation activation, Throwable thrown);
}
