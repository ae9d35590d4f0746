package dev.reqtrace.statsd;

/**
 * Receives the client's problems instead of the application: nothing is ever thrown to a
 * caller. Called from the sender thread only, at most once per {@link StatsdErrorKind} per
 * minute; an exception it throws is ignored.
 */
@FunctionalInterface
public interface StatsdErrorHandler {
  /**
   * @param kind the failure class, for the receiver's own rate limiting or counting
   * @param message one line naming the cause and the consequence (no metric values)
   */
  void onError(StatsdErrorKind kind, String message);
}
