package dev.reqtrace.bootstrap;

/**
 * Receives finished requests. The agent installs its implementation at start-up; it runs on the
 * thread that ends the request, so it must only record and enqueue, never block.
 */
public interface RequestListener {
  /** Called exactly once per request, after its status and duration are final. */
  void requestEnded(RequestScope scope);
}
