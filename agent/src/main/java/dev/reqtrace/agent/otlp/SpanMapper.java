package dev.reqtrace.agent.otlp;

import dev.reqtrace.agent.scrub.Scrubber;
import dev.reqtrace.bootstrap.JdbcCall;
import dev.reqtrace.bootstrap.RequestIds;
import dev.reqtrace.bootstrap.RequestScope;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collections;
import java.util.List;

/**
 * Builds OpenTelemetry spans from a finished request, on the exporter thread: the SERVER span
 * carries the request's own trace and span IDs (so the {@code X-Request-ID} a client reports finds
 * the trace), its JDBC statements become CLIENT children. Attribute names follow the stable HTTP
 * and database semantic conventions.
 */
final class SpanMapper {
  static final AttributeKey<String> HTTP_REQUEST_METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
  static final AttributeKey<String> USER_AGENT = AttributeKey.stringKey("user_agent.original");
  /** A user agent longer than this is cut: the header is the client's to fill. */
  static final int MAX_USER_AGENT = 512;
  static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE =
      AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("reqtrace.request_id");
  static final AttributeKey<Boolean> SLOW = AttributeKey.booleanKey("reqtrace.slow");
  static final AttributeKey<Long> DB_STATEMENTS = AttributeKey.longKey("reqtrace.db.statements");
  static final AttributeKey<String> DB_SYSTEM_NAME = AttributeKey.stringKey("db.system.name");
  static final AttributeKey<String> DB_QUERY_TEXT = AttributeKey.stringKey("db.query.text");
  static final AttributeKey<String> DB_OPERATION_NAME = AttributeKey.stringKey("db.operation.name");
  static final AttributeKey<Long> DB_BATCH_SIZE = AttributeKey.longKey("db.operation.batch.size");
  static final AttributeKey<Long> DB_ROWS = AttributeKey.longKey("db.response.returned_rows");
  static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
  static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");
  static final AttributeKey<String> EXCEPTION_STACKTRACE = AttributeKey.stringKey("exception.stacktrace");

  /** Longest exception.stacktrace kept: enough for the top frames and causes, bounded per span. */
  static final int MAX_STACKTRACE = 8 * 1024;
  /** Longest exception.message kept. */
  static final int MAX_MESSAGE = 1024;

  private final Resource resource;
  private final InstrumentationScopeInfo scope;
  private final long slowNanos;
  private final Scrubber scrubber;

  SpanMapper(Resource resource, InstrumentationScopeInfo scope, long slowNanos, Scrubber scrubber) {
    this.resource = resource;
    this.scope = scope;
    // reqtrace.slow.threshold=0 turns slowness off: no request reaches Long.MAX_VALUE.
    this.slowNanos = slowNanos > 0 ? slowNanos : Long.MAX_VALUE;
    this.scrubber = scrubber;
  }

  /**
   * Appends the spans of {@code request} to {@code out}: the server span, then one CLIENT span per
   * recorded JDBC statement.
   *
   * @param endNanoTime {@link System#nanoTime()} when the request ended, the anchor that places the
   *     statements (timed with nanoTime) on the request's wall clock
   */
  void map(RequestScope request, String route, long endNanoTime, List<SpanData> out) {
    String method = request.method();
    long startEpochNanos = request.startEpochMillis() * 1_000_000L;
    long durationNanos = Math.max(0, request.durationNanos());
    long endEpochNanos = startEpochNanos + durationNanos;
    int status = request.status();
    Throwable thrown = request.thrown();

    SpanContext server = SpanContext.create(request.traceId(), request.spanId(),
        TraceFlags.getSampled(), TraceState.getDefault());
    String parentId = request.parentSpanId();
    SpanContext parent = parentId == null ? SpanContext.getInvalid()
        : SpanContext.createFromRemoteParent(request.traceId(), parentId, TraceFlags.getSampled(),
            TraceState.getDefault());

    AttributesBuilder attributes = Attributes.builder()
        .put(HTTP_REQUEST_METHOD, OtlpMetrics.semconvMethod(method))
        .put(HTTP_ROUTE, route)
        .put(HTTP_RESPONSE_STATUS_CODE, (long) status)
        .put(REQUEST_ID, request.requestId());
    if (request.path() != null) {
      // Paths can carry card numbers or tokens; everything the agent emits goes through the scrubber.
      attributes.put(URL_PATH, scrubber.url(request.path()));
    }
    if (request.clientAddress() != null) {
      attributes.put(CLIENT_ADDRESS, request.clientAddress());
    }
    if (request.userAgent() != null) {
      attributes.put(USER_AGENT, truncate(scrubber.text(request.userAgent()), MAX_USER_AGENT));
    }
    if (durationNanos >= slowNanos) {
      attributes.put(SLOW, true);
    }
    int statements = request.db().count();
    if (statements > 0) {
      attributes.put(DB_STATEMENTS, (long) statements);
    }
    StatusData spanStatus = StatusData.unset();
    List<EventData> events = Collections.emptyList();
    if (thrown != null) {
      attributes.put(ERROR_TYPE, thrown.getClass().getName());
      spanStatus = StatusData.create(StatusCode.ERROR, truncate(thrown.getClass().getName(), 256));
      events = Collections.singletonList(exceptionEvent(thrown, endEpochNanos, scrubber));
    } else if (status >= 500) {
      attributes.put(ERROR_TYPE, Integer.toString(status));
      spanStatus = StatusData.error();
    }
    out.add(new OtlpSpan(spanName(method, route), SpanKind.SERVER, server, parent, spanStatus,
        startEpochNanos, endEpochNanos, attributes.build(), events, scope, resource));

    if (statements == 0) {
      return;
    }
    long startNanoTime = endNanoTime - durationNanos;
    for (JdbcCall call : request.db().spans()) {
      long offset = Math.max(0, Math.min(durationNanos, call.startNanos() - startNanoTime));
      long callStart = startEpochNanos + offset;
      long callEnd = Math.min(endEpochNanos, callStart + Math.max(0, call.durationNanos()));
      out.add(jdbcSpan(call, server, callStart, callEnd));
    }
  }

  private SpanData jdbcSpan(JdbcCall call, SpanContext server, long start, long end) {
    String operation = call.sql().operation();
    String system = call.system() == null ? "other_sql" : call.system();
    AttributesBuilder attributes = Attributes.builder()
        .put(DB_SYSTEM_NAME, system)
        .put(DB_OPERATION_NAME, operation)
        .put(DB_QUERY_TEXT, call.sql().text());
    if (call.batchSize() > 1) {
      attributes.put(DB_BATCH_SIZE, (long) call.batchSize());
    }
    if (call.rows() >= 0) {
      attributes.put(DB_ROWS, call.rows());
    }
    StatusData status = StatusData.unset();
    if (call.failed()) {
      status = StatusData.error();
      attributes.put(ERROR_TYPE, "_OTHER");
    }
    SpanContext context = SpanContext.create(server.getTraceId(), RequestIds.newSpanId(),
        TraceFlags.getSampled(), TraceState.getDefault());
    // DB semconv: "{operation} {target}"; the table is not parsed out, so the operation and system.
    return new OtlpSpan(operation + " " + system, SpanKind.CLIENT, context, server, status, start, end,
        attributes.build(), Collections.emptyList(), scope, resource);
  }

  static String spanName(String method, String route) {
    return route == null || route.isEmpty() ? method : method + " " + route;
  }

  static EventData exceptionEvent(Throwable thrown, long epochNanos, Scrubber scrubber) {
    AttributesBuilder attributes = Attributes.builder()
        .put(EXCEPTION_TYPE, thrown.getClass().getName());
    String message = thrown.getMessage();
    if (message != null) {
      attributes.put(EXCEPTION_MESSAGE, truncate(scrubber.text(message), MAX_MESSAGE));
    }
    // The printed trace repeats every message of the chain: scrubbed as a whole.
    attributes.put(EXCEPTION_STACKTRACE, scrubber.text(stackTrace(thrown)));
    return EventData.create(epochNanos, "exception", attributes.build());
  }

  /** The printed stack trace, cut at {@link #MAX_STACKTRACE} characters. */
  static String stackTrace(Throwable thrown) {
    StringWriter text = new StringWriter(1024);
    try (PrintWriter writer = new PrintWriter(new BoundedWriter(text, MAX_STACKTRACE))) {
      thrown.printStackTrace(writer);
    } catch (RuntimeException e) {
      // An exception whose toString() throws: keep what was written.
    }
    return text.toString();
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "...";
  }

  /** Stops a deep or cyclic cause chain from printing megabytes only to cut them. */
  private static final class BoundedWriter extends java.io.Writer {
    private final StringWriter target;
    private final int max;

    BoundedWriter(StringWriter target, int max) {
      this.target = target;
      this.max = max;
    }

    @Override
    public void write(char[] buffer, int offset, int length) {
      int room = max - target.getBuffer().length();
      if (room > 0) {
        target.write(buffer, offset, Math.min(room, length));
      }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  }
}
