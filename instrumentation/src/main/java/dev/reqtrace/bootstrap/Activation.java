package dev.reqtrace.bootstrap;

/**
 * One stretch of a request on one thread: a dispatch, or an async continuation. Puts the request's
 * IDs into the application's logging context and restores what was there before when it ends, so
 * nothing leaks to the next task of a pooled thread.
 */
public final class Activation {
  private static final String[] KEYS = {"request_id", "trace_id", "span_id"};
  private final ThreadState thread;
  private final RequestScope scope;
  private final boolean primary;
  private final MdcTarget[] targets;
  /** What the logging contexts held before, per target and key; {@code null} when they held nothing. */
  private String[] previous;
  /** Bit {@code t}: target {@code t} was a no-op MDC at begin, so restore leaves it alone too. */
  private int skipped;
  private final Activation outer;
  /** The context class loader the logging contexts were found through; compared, never used. */
  private final ClassLoader loader;

  private Activation(ThreadState thread, RequestScope scope, boolean primary, MdcTarget[] targets) {
    this.thread = thread;
    this.scope = scope;
    this.primary = primary;
    this.targets = targets;
    this.outer = thread.activation;
    this.loader = Thread.currentThread().getContextClassLoader();
  }

  /** Activates {@code scope} on this thread with the logging contexts this thread's loader sees. */
  static Activation begin(ThreadState thread, RequestScope scope, boolean primary) {
    return begin(thread, scope, primary, LoggingContexts.current());
  }

  /** Activates {@code scope} on this thread with the given logging contexts. */
  static Activation begin(ThreadState thread, RequestScope scope, boolean primary,
      MdcTarget[] targets) {
    Activation activation = new Activation(thread, scope, primary, targets);
    thread.activation = activation;
    for (int t = 0; t < targets.length; t++) {
      try {
        if (targets[t].isNoOp() || t > 0 && holdsAlready(targets[t], scope)) {
          activation.skipped |= 1 << t;
          continue;
        }
        activation.remember(t);
        targets[t].set(KEYS[0], scope.requestId());
        targets[t].set(KEYS[1], scope.traceId());
        targets[t].set(KEYS[2], scope.spanId());
      } catch (Throwable e) {
        Failures.record(Failures.MDC, e);
      }
    }
    return activation;
  }

  /*
   * A logging context bridged to one written just before holds the request's IDs already: Spring
   * Boot's default logging sends Log4j's ThreadContext to SLF4J's MDC (log4j-to-slf4j), and
   * log4j-slf4j2-impl sends SLF4J's MDC to ThreadContext. Writing such a context as well read back
   * our own IDs as its previous values, wrote them a second time and again at the end, and
   * allocated the array for them, on every request. The request ID's own String instance tells:
   * only a context that shares the one just written can hold it.
   */
  private static boolean holdsAlready(MdcTarget target, RequestScope scope) throws Throwable {
    return target.get(KEYS[0]) == scope.requestId();
  }

  /**
   * Keeps what target {@code t} holds under our keys, to put it back at the end. A pooled thread's
   * context is normally empty, so the array is only made when something is there to keep.
   */
  private void remember(int t) throws Throwable {
    for (int k = 0; k < KEYS.length; k++) {
      String value = targets[t].get(KEYS[k]);
      if (value != null) {
        if (previous == null) {
          previous = new String[KEYS.length * targets.length];
        }
        previous[t * KEYS.length + k] = value;
      }
    }
  }

  /**
   * For a nested servlet or filter call (a filter chain, a forward, Tomcat's error page): notes the
   * route pattern of the handler that ran so far, since a forward or error dispatch overwrites it,
   * and activates the request again when the container switched the context class loader since
   * the outer call, else returns {@code null}. Tomcat's host valve opens the request before it
   * binds the webapp's loader, and a WAR's logging is only visible through that loader.
   *
   * @param thread this thread's state
   * @param routePattern the framework route pattern on the request now, or {@code null}
   */
  public static Activation nested(ThreadState thread, Object routePattern) {
    Activation current = thread.activation;
    if (current == null) {
      return null;
    }
    current.scope.notePattern(routePattern);
    if (Thread.currentThread().getContextClassLoader() == current.loader) {
      return null;
    }
    MdcTarget[] found = LoggingContexts.current();
    // Embedded containers switch to a webapp loader that still delegates logging to the same MDC
    // class: the request's IDs are already there.
    if (java.util.Arrays.equals(found, current.targets)) {
      return null;
    }
    Activation inner = begin(thread, current.scope, false, found);
    if (inner.targets.length > 0) {
      current.scope.useLoggingContexts(inner.targets);
    }
    return inner;
  }

  MdcTarget[] targets() {
    return targets;
  }

  /** The request this activation belongs to. */
  public RequestScope scope() {
    return scope;
  }

  /**
   * Ends this stretch: restores the logging context, and when this was the request's first dispatch,
   * ends the request unless it went async (then the async listener ends it).
   *
   * @param status the response status now
   * @param failure what escaped the dispatch, or the container's error attribute, or {@code null}
   * @param route a framework route pattern found on the request (Spring MVC), or {@code null}
   */
  public void end(int status, Object failure, Object route) {
    restore();
    Throwable thrown = failure instanceof Throwable ? (Throwable) failure : null;
    if (primary) {
      scope.dispatchEnded(status, thrown, route);
    } else if (route != null || thrown != null) {
      scope.redispatchEnded(thrown, route);
    }
  }

  /** Restores the logging context and the current scope as they were before {@link #begin}. */
  public void restore() {
    for (int t = targets.length - 1; t >= 0; t--) {
      try {
        if ((skipped & 1 << t) != 0) {
          continue;
        }
        for (int k = 0; k < KEYS.length; k++) {
          targets[t].set(KEYS[k], previous == null ? null : previous[t * KEYS.length + k]);
        }
      } catch (Throwable e) {
        Failures.record(Failures.MDC, e);
      }
    }
    thread.activation = outer;
  }
}
