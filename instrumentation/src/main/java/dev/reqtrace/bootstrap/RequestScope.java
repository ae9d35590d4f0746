package dev.reqtrace.bootstrap;

import java.lang.reflect.Proxy;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.atomic.LongAdder;

/**
 * One HTTP request from its first dispatch to its end (the first dispatch's return, or async
 * completion): its IDs, timing and outcome. Reached from every later dispatch of the same request
 * through the request attribute {@link #SCOPE_ATTRIBUTE}.
 */
public final class RequestScope {
  /** Request attribute holding the request ID, for the application's error pages. */
  public static final String ATTRIBUTE = "reqtrace.request_id";
  /**
   * Request attribute holding this scope, so a later ASYNC or ERROR dispatch of the request reuses
   * it. Set only where one may follow (async start, an error status or exception at the end of the
   * first dispatch): a dispatch nested in another on the same thread finds the scope active.
   */
  public static final String SCOPE_ATTRIBUTE = "reqtrace.scope";
  /** Spring MVC's attribute with the matched handler pattern, the best route name there is. */
  public static final String SPRING_PATTERN =
      "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";
  /** Response header that lets browser code read the request ID of a cross-origin response. */
  public static final String EXPOSE_HEADERS = "Access-Control-Expose-Headers";
  /** Inbound W3C trace context header. */
  public static final String TRACEPARENT = "traceparent";

  private static final AtomicIntegerFieldUpdater<RequestScope> FLAGS =
      AtomicIntegerFieldUpdater.newUpdater(RequestScope.class, "flags");
  /** In {@link #flags}: the request went async (ended by the async listener). */
  private static final int ASYNC = 1;
  /** In {@link #flags}: the request has ended. */
  private static final int ENDED = 2;
  /** In {@link #flags}: the request was added to {@link #ACTIVE}, so its end subtracts it. */
  private static final int COUNTED = 4;
  private static final AtomicReferenceFieldUpdater<RequestScope, DbStats> DB =
      AtomicReferenceFieldUpdater.newUpdater(RequestScope.class, DbStats.class, "db");
  private static final MdcTarget[] NO_TARGETS = new MdcTarget[0];

  /** Every request thread adds and subtracts here: an adder, so that they do not contend. */
  private static final LongAdder ACTIVE = new LongAdder();
  /**
   * Whether requests are counted in {@link #ACTIVE}: only an exporter with the gauge reads it, and
   * the two compare-and-sets were ~25 ns of every request on a path that is ~1 µs in all.
   */
  private static volatile boolean countActive;
  private static volatile String headerName = "X-Request-ID";
  private static volatile RequestListener listener;
  /** Whether requests note their client's address and user agent: only spans show them. */
  private static volatile boolean captureClient;

  private final String requestId;
  private final String traceId;
  /** Written as hex only when asked for: the logging context, the span export. */
  private final long spanId;
  private final String parentSpanId;
  private final String method;
  private final String path;
  private final long startNanos;
  private volatile MdcTarget[] targets = NO_TARGETS;
  /**
   * {@link #ASYNC}, {@link #ENDED} and {@link #COUNTED}, one field: with the client holder below
   * the scope stays at 88 bytes, the size every request allocates.
   */
  private volatile int flags;
  private volatile Object route;
  private volatile Throwable thrown;
  private int status;
  private long durationNanos;
  /** The JDBC statements run during the request; created by the first (most requests run none). */
  private volatile DbStats db;
  /** Copied at the first dispatch exit that saw an error (error capture). */
  private volatile ErrorDetails errorDetails;
  /**
   * The client's address and user agent, only made while an exporter shows them; set on the
   * request thread before the request ends, read after: the end publishes it.
   */
  private String[] client;

  private RequestScope(String requestId, String traceId, String parentSpanId, String method,
      String path) {
    this.requestId = requestId;
    this.traceId = traceId;
    this.spanId = RequestIds.newSpanIdBits();
    this.parentSpanId = parentSpanId;
    this.method = method;
    this.path = path;
    this.startNanos = System.nanoTime();
    if (countActive) {
      ACTIVE.increment();
      FLAGS.lazySet(this, COUNTED); // a plain store: the scope is not published yet
    }
  }

  /**
   * Requests started and not yet ended, for the {@code http_request.active} gauge; 0 unless
   * {@link #countActive} was turned on before they started.
   */
  public static int activeCount() {
    return ACTIVE.intValue();
  }

  /**
   * Makes requests that start from now on count in {@link #activeCount}: for exporters with the
   * {@code http_request.active} gauge; off unless such an exporter runs.
   */
  public static void countActive(boolean count) {
    countActive = count;
  }

  /** Installs the agent's settings; called once at start-up, before any class is transformed. */
  public static void configure(String responseHeader, RequestListener requestListener) {
    headerName = responseHeader;
    listener = requestListener;
  }

  /**
   * Makes every new request note its client's address and {@code User-Agent} (two container calls
   * per request), for exporters whose spans show them; off unless such an exporter runs.
   */
  public static void captureClient(boolean capture) {
    captureClient = capture;
  }

  /** Whether a new request should call {@link #noteClient}. */
  public static boolean capturesClient() {
    return captureClient;
  }

  /** The client's address and {@code User-Agent} header, as the container gives them. */
  public void noteClient(String address, String agent) {
    client = new String[] {address, agent};
  }

  /** The client's address, or {@code null} when not captured (see {@link #captureClient}). */
  public String clientAddress() {
    String[] known = client;
    return known == null ? null : known[0];
  }

  /** The {@code User-Agent} header as sent, or {@code null} when absent or not captured. */
  public String userAgent() {
    String[] known = client;
    return known == null ? null : known[1];
  }

  /** The request ID header name, inbound and outbound ({@code X-Request-ID} unless configured). */
  public static String headerName() {
    return headerName;
  }

  /**
   * {@link #start(ThreadState, String, String, String, String)} for a caller without this thread's
   * state at hand.
   */
  public static Activation start(String method, String path, String inboundId,
      String traceparent) {
    return start(ThreadState.current(), method, path, inboundId, traceparent);
  }

  /**
   * Opens a request on its first dispatch and activates it on this thread.
   *
   * @param thread this thread's state
   * @param inboundId the inbound request ID header, reused only when valid
   * @param traceparent the inbound W3C {@code traceparent}, continued when valid
   */
  public static Activation start(ThreadState thread, String method, String path,
      String inboundId, String traceparent) {
    String traceId = RequestIds.traceIdOf(traceparent);
    String parent = traceId == null ? null : RequestIds.parentSpanIdOf(traceparent);
    if (traceId == null) {
      traceId = RequestIds.newTraceId();
    }
    String requestId = RequestIds.isValid(inboundId) ? inboundId : traceId;
    RequestScope scope = new RequestScope(requestId, traceId, parent, method, path);
    Activation activation = Activation.begin(thread, scope, true);
    scope.targets = activation.targets();
    return activation;
  }

  /**
   * The request whose dispatch starts async processing: the one active on this thread (the spec
   * allows {@code startAsync} only during a dispatch), else the one in the request attribute.
   *
   * @param attribute the request's {@link #SCOPE_ATTRIBUTE}, or {@code null}
   */
  public static RequestScope ofAsyncStart(Object attribute) {
    RequestScope current = ThreadState.current().scope();
    if (current != null) {
      return current;
    }
    return attribute instanceof RequestScope ? (RequestScope) attribute : null;
  }

  /** Activates this request again on a later dispatch (ASYNC, ERROR) of the same request. */
  public Activation resume(ThreadState thread) {
    return Activation.begin(thread, this, false);
  }

  /**
   * The value for {@code Access-Control-Expose-Headers}: {@code existing} plus the request ID
   * header, unless it is already exposed.
   */
  public static String exposeHeaders(String existing) {
    String name = headerName;
    if (existing == null || existing.trim().isEmpty()) {
      return name;
    }
    for (String part : existing.split(",")) {
      String token = part.trim();
      if (token.equalsIgnoreCase(name) || token.equals("*")) {
        return existing;
      }
    }
    return existing + ", " + name;
  }

  /**
   * An {@code AsyncListener} (of the application's servlet namespace) that ends this request when
   * its async processing completes. A JDK proxy, because the boot loader cannot see the interface.
   *
   * @param listenerInterface {@code jakarta.servlet.AsyncListener} or {@code javax.servlet.AsyncListener}
   */
  public Object asyncListener(Class<?> listenerInterface) {
    setFlag(ASYNC);
    return Proxy.newProxyInstance(listenerInterface.getClassLoader(),
        new Class<?>[] {listenerInterface}, new AsyncCompletion(this, listenerInterface));
  }

  /**
   * Wraps {@code task} so it runs with the request active on this thread, if any; async work then
   * logs with the request ID.
   */
  public static Runnable wrap(Runnable task) {
    return wrap(ThreadState.current(), task);
  }

  private static Runnable wrap(ThreadState thread, Runnable task) {
    RequestScope scope = thread.scope();
    if (scope == null || task == null || task instanceof ScopedRunnable) {
      return task;
    }
    return new ScopedRunnable(scope, task);
  }

  /**
   * For a task executor's {@code execute} or {@code submit}: in the outermost such call on this
   * thread, wraps {@code task} as {@link #wrap(Runnable)} does; then enters the executor depth.
   * A nested call (a {@code submit} that hands a {@code FutureTask} of the task to its own
   * {@code execute}, an executor delegating to another) passes its task on as it is, so the task is
   * wrapped once. The caller leaves with {@link ThreadState#exitExecutor()} when the method returns
   * or throws, and only if this returned.
   */
  public static Runnable wrapSubmitted(ThreadState thread, Runnable task) {
    Runnable wrapped = thread.executorDepth == 0 ? wrap(thread, task) : task;
    thread.executorDepth++;
    return wrapped;
  }

  /**
   * {@link #wrapSubmitted(ThreadState, Runnable)} for a {@code Callable}, which is how Spring hands
   * an {@code @Async} method to its executor: the call runs with the request active.
   */
  public static <T> Callable<T> wrapSubmitted(ThreadState thread, Callable<T> task) {
    Callable<T> wrapped = task;
    if (thread.executorDepth == 0) {
      RequestScope scope = thread.scope();
      if (scope != null && task != null && !(task instanceof ScopedCallable)) {
        wrapped = new ScopedCallable<>(scope, task);
      }
    }
    thread.executorDepth++;
    return wrapped;
  }

  /** Remembers better logging contexts found by a nested dispatch, for async continuations. */
  void useLoggingContexts(MdcTarget[] found) {
    if (targets.length == 0) {
      targets = found;
    }
  }

  /** Activates this request on an async thread, with the logging contexts of its first dispatch. */
  Activation continueOnThisThread(ThreadState thread) {
    MdcTarget[] known = targets;
    return known.length > 0 ? Activation.begin(thread, this, false, known)
        : Activation.begin(thread, this, false);
  }

  /**
   * Keeps the first framework route pattern seen: a request that ends on a forward or an error
   * dispatch keeps the route its first handler matched.
   */
  public void notePattern(Object routePattern) {
    if (routePattern != null && route == null) {
      route = routePattern;
    }
  }

  void dispatchEnded(int responseStatus, Throwable failure, Object routePattern) {
    notePattern(routePattern);
    if ((flags & ASYNC) != 0) {
      if (failure != null) {
        thrown = failure;
      }
      return;
    }
    end(responseStatus, failure);
  }

  void redispatchEnded(Throwable failure, Object routePattern) {
    notePattern(routePattern);
    if (failure != null && thrown == null) {
      thrown = failure;
    }
  }

  /** Ends the request once; later calls (a second listener, a late dispatch) do nothing. */
  void end(int responseStatus, Throwable failure) {
    if (!setFlag(ENDED)) {
      return;
    }
    durationNanos = System.nanoTime() - startNanos;
    if ((flags & COUNTED) != 0) {
      ACTIVE.decrement();
    }
    Throwable cause = failure != null ? failure : thrown;
    status = effectiveStatus(responseStatus, cause);
    // A failure answered with a 4xx was the client's (Tomcat rejecting a malformed header, a
    // framework's not-found): no server error to report, and its message may quote the input.
    thrown = status >= 500 ? cause : null;
    RequestListener current = listener;
    if (current != null) {
      try {
        current.requestEnded(this);
      } catch (Throwable e) {
        Failures.record(Failures.LISTENER, e);
      }
    }
  }

  /** Sets {@code flag}; {@code false} when it was already set (by this or another thread). */
  private boolean setFlag(int flag) {
    int current;
    do {
      current = flags;
      if ((current & flag) != 0) {
        return false;
      }
    } while (!FLAGS.compareAndSet(this, current, current | flag));
    return true;
  }

  /** The request ID: a valid inbound one, else the trace ID. */
  public String requestId() {
    return requestId;
  }

  /** The 32-hex W3C trace ID, continued from an inbound {@code traceparent} when valid. */
  public String traceId() {
    return traceId;
  }

  /** The 16-hex ID of this request's server span, a new string each call. */
  public String spanId() {
    return RequestIds.spanIdText(spanId);
  }

  /** The inbound parent span ID, or {@code null} when the trace started here. */
  public String parentSpanId() {
    return parentSpanId;
  }

  /** The HTTP method. */
  public String method() {
    return method;
  }

  /** The request path (no query string), as the client sent it. */
  public String path() {
    return path;
  }

  /** A framework route pattern seen during the request (e.g. Spring's), or {@code null}. */
  public Object routePattern() {
    return route;
  }

  /** The final response status; valid once ended. */
  public int status() {
    return status;
  }

  /** An exception escaping the servlet becomes a 500 after we return: what the client gets. */
  private static int effectiveStatus(int responseStatus, Throwable cause) {
    return cause != null && responseStatus < 400 ? 500 : responseStatus;
  }

  /**
   * The status a container sends for an exception that escaped the servlet before the response
   * was committed: the code an HTTP exception of the container carries (Jetty's
   * {@code BadMessageException} and {@code HttpException}s, 400 for a malformed form body),
   * {@code UnavailableException}'s 503 (404 when permanent), else 500. What the response said
   * before the exception (a 404 set by the servlet) is not what the client gets.
   */
  public static int statusOfUncaught(Throwable thrown) {
    Throwable t = thrown;
    for (int depth = 0; t != null && depth < 4; depth++, t = t.getCause()) {
      String name = t.getClass().getName();
      try {
        if (name.endsWith(".servlet.UnavailableException")) {
          Object permanent = t.getClass().getMethod("isPermanent").invoke(t);
          return Boolean.TRUE.equals(permanent) ? 404 : 503;
        }
        // The container's own exceptions only: an application's "HttpException" with a getCode()
        // is a 500 to the container like any other.
        if (name.startsWith("org.eclipse.jetty.")
            && (name.endsWith("BadMessageException") || name.contains("HttpException"))) {
          Object code = t.getClass().getMethod("getCode").invoke(t);
          if (code instanceof Integer && (Integer) code >= 400 && (Integer) code <= 599) {
            return (Integer) code;
          }
        }
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        // Not the container's exception after all (an application's own "HttpException"): go on.
      }
    }
    return 500;
  }

  /** What escaped the request, or {@code null}; only ever set when {@link #status()} is 5xx. */
  public Throwable thrown() {
    return thrown;
  }

  /**
   * Wall-clock start, epoch milliseconds: derived from the start's {@code nanoTime} when asked for
   * (see {@link WallClock}), which spares each request a wall-clock read and a field.
   */
  public long startEpochMillis() {
    return WallClock.epochMillisAt(startNanos, System.nanoTime());
  }

  /** Duration in nanoseconds; valid once ended. */
  public long durationNanos() {
    return durationNanos;
  }

  /** The JDBC statements run during the request, for its DB spans and reports. */
  public DbStats db() {
    DbStats stats = db;
    return stats != null ? stats : DbStats.NONE;
  }

  /** Where a finished statement of this request is recorded. */
  DbStats dbForWrite() {
    DbStats stats = db;
    if (stats == null) {
      DB.compareAndSet(this, null, new DbStats());
      stats = db;
    }
    return stats;
  }

  /**
   * The details an error report shows, to be filled by the advice while the request is live:
   * non-{@code null} once per request, on the first dispatch exit that sees {@code status >= 500}
   * or a {@link Throwable} {@code failure}; {@code null} otherwise, so advice copies nothing for
   * requests that succeed.
   */
  public ErrorDetails captureErrorDetails(int status, Object failure) {
    Throwable cause = failure instanceof Throwable ? (Throwable) failure : null;
    if (errorDetails != null || effectiveStatus(status, cause) < 500) {
      return null;
    }
    // Two dispatches of one request failing at the same instant is not a case worth a CAS.
    ErrorDetails details = new ErrorDetails();
    errorDetails = details;
    return details;
  }

  /** The request data captured for the error report, or {@code null} (see {@link #captureErrorDetails}). */
  public ErrorDetails errorDetails() {
    return errorDetails;
  }

  /**
   * Whether the request has ended and been handed to the listener: what happens in it from now on
   * (a task handed off during it, still running) is no longer reported with it.
   */
  public boolean hasEnded() {
    return (flags & ENDED) != 0;
  }

  /** Whether the request went async (ended by the async listener). */
  public boolean isAsync() {
    return (flags & ASYNC) != 0;
  }
}
