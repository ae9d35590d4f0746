package dev.reqtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reqtrace.it.OtlpReceiver.Point;
import dev.reqtrace.it.OtlpReceiver.Span;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * DESIGN "Metrics", OTLP: with {@code reqtrace.exporter=otlp} the demo app's requests arrive at a
 * real OTLP receiver as one SERVER span each (trace id = the request ID a client sees, or the
 * inbound traceparent's), with a CLIENT child per JDBC statement, and the request metrics arrive
 * with the right counts. Subclasses pick the transport and how it is configured.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractOtlpExportIT {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String SERVICE = "otlp-it";

  OtlpReceiver receiver;
  ForkedApp app;
  Http http;

  /** {@code http/protobuf} or {@code grpc}. */
  abstract String protocol();

  /** Points the agent at {@code receiver} with {@link #protocol()}, service {@link #SERVICE}. */
  abstract ForkedApp.Builder configure(ForkedApp.Builder builder, OtlpReceiver receiver);

  @BeforeAll
  void start() {
    receiver = OtlpReceiver.start(getClass().getSimpleName());
    app = OtlpDemoApp.start(getClass().getSimpleName(), b -> configure(b, receiver)
        .sysProp("reqtrace.metrics.interval", "1s")
        .sysProp("reqtrace.slow.threshold", "60s")
        .sysProp("reqtrace.n_plus_one.threshold", "1000")
        // /fail's error report is the error-capture feature's, not a problem of this test.
        .expectAgentProblem("ERROR request error"));
    http = new Http(app.port());
  }

  @AfterEach
  void noUnexpectedAgentProblems() {
    app.assertNoUnexpectedAgentProblems();
  }

  @AfterAll
  void stop() {
    try {
      if (app != null) {
        assertThat(OtlpDemoApp.openTelemetryLinesInAppLog(app))
            .as("the SDK's own logging must not reach the app's log").isEmpty();
        assertThat(app.lines().stream().filter(l -> l.contains("otlp exporter")))
            .as("export failures against a working receiver").isEmpty();
      }
    } finally {
      if (app != null) {
        app.close();
      }
      if (receiver != null) {
        receiver.close();
      }
    }
  }

  @Test
  void requestIsOneServerSpanWithRouteStatusAndRequestIdAsTraceIdAndJdbcChild() {
    String id = http.get("/owners/3", "User-Agent", "reqtrace-it/1.0 (otlp)").requestId();
    Span server = onlyServerSpan(id);

    assertThat(server.traceId()).isEqualTo(id);
    assertThat(server.name()).isEqualTo("GET /owners/{id}");
    assertThat(server.parentSpanId()).isNull();
    assertThat(server.statusCode()).isEqualTo("STATUS_CODE_UNSET");
    assertThat(server.attr("http.route")).isEqualTo("/owners/{id}");
    assertThat(server.attr("http.request.method")).isEqualTo("GET");
    assertThat(server.attr("http.response.status_code")).isEqualTo("200");
    assertThat(server.attr("url.path")).isEqualTo("/owners/3");
    assertThat(server.attr("reqtrace.request_id")).isEqualTo(id);
    assertThat(server.attr("client.address")).isEqualTo("127.0.0.1");
    assertThat(server.attr("user_agent.original")).isEqualTo("reqtrace-it/1.0 (otlp)");
    assertThat(server.resource()).containsEntry("service.name", SERVICE)
        .containsEntry("telemetry.sdk.language", "java")
        .containsKeys("host.name", "process.pid", "process.runtime.name", "process.runtime.version",
            "telemetry.sdk.name", "telemetry.sdk.version");

    List<Span> jdbc = receiver.awaitSpans(s -> id.equals(s.traceId())
        && "SPAN_KIND_CLIENT".equals(s.kind()), 1, WAIT);
    assertThat(jdbc).hasSize(1);
    Span select = jdbc.get(0);
    assertThat(select.parentSpanId()).isEqualTo(server.spanId());
    assertThat(select.attr("db.system.name")).isEqualTo("h2");
    assertThat(select.attr("db.operation.name")).isEqualTo("SELECT");
    assertThat(select.attr("db.query.text")).startsWith("SELECT").contains("?").doesNotContain("3");
  }

  @Test
  void inboundTraceparentKeepsItsTraceIdAndIsTheRemoteParent() {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String parent = "00f067aa0ba902b7";
    Http.Response r = http.get("/owners/4", "traceparent", "00-" + traceId + "-" + parent + "-01");
    assertThat(r.requestId()).isEqualTo(traceId);
    Span server = onlyServerSpan(traceId);
    assertThat(server.parentSpanId()).isEqualTo(parent);
    assertThat(server.spanId()).isNotEqualTo(parent).matches("[0-9a-f]{16}");
  }

  @Test
  void failingRequestIsAnErrorSpanWithABoundedExceptionEvent() {
    Http.Response r = http.get("/fail");
    assertThat(r.status()).isEqualTo(500);
    Span server = onlyServerSpan(r.requestId());
    assertThat(server.statusCode()).isEqualTo("STATUS_CODE_ERROR");
    assertThat(server.attr("http.response.status_code")).isEqualTo("500");
    assertThat(server.attr("error.type")).isEqualTo("java.lang.IllegalStateException");
    assertThat(server.events()).hasSize(1);
    Map<String, Object> event = server.events().get(0);
    assertThat(event.get("name")).isEqualTo("exception");
    @SuppressWarnings("unchecked")
    Map<String, Object> attributes = (Map<String, Object>) event.get("attributes");
    assertThat(attributes).containsEntry("exception.type", "java.lang.IllegalStateException")
        .containsEntry("exception.message", "payment service unavailable");
    assertThat((String) attributes.get("exception.stacktrace"))
        .startsWith("java.lang.IllegalStateException: payment service unavailable")
        .hasSizeLessThanOrEqualTo(8 * 1024);
  }

  @Test
  void metricPointsCountTheRequests() {
    for (int i = 1; i <= 5; i++) {
      assertThat(http.get("/owners/" + i + "/pets").status()).isEqualTo(200);
    }
    String route = "/owners/{id}/pets";
    Point requests = receiver.awaitPoint(p -> p.name().equals("http_request")
        && route.equals(p.attr("route")) && p.value() == 5, WAIT);
    assertThat(requests.attributes()).containsEntry("method", "GET").containsEntry("http_status", "200")
        .containsEntry("status_class", "2xx");
    Point duration = receiver.awaitPoint(p -> p.name().equals("http.server.request.duration")
        && route.equals(p.attr("http.route")) && p.value() == 5, WAIT);
    assertThat(duration.unit()).isEqualTo("s");
    assertThat(duration.type()).isEqualTo("histogram");
    assertThat(duration.attr("http.request.method")).isEqualTo("GET");
    assertThat(duration.attr("http.response.status_code")).isEqualTo("200");
    receiver.awaitPoint(p -> p.name().equals("http_request.response_time")
        && route.equals(p.attr("route")) && p.value() == 5 && "ms".equals(p.unit()), WAIT);
    receiver.awaitPoint(p -> p.name().equals("db.query") && route.equals(p.attr("route"))
        && "h2".equals(p.attr("db_system")) && "SELECT".equals(p.attr("operation")) && p.value() >= 5, WAIT);
    Point db = receiver.awaitPoint(p -> p.name().equals("db.client.operation.duration")
        && "h2".equals(p.attr("db.system.name")) && "SELECT".equals(p.attr("db.operation.name"))
        && p.value() >= 5, WAIT);
    assertThat(db.unit()).isEqualTo("s");
    Point dropped = receiver.awaitPoint(p -> p.name().equals("reqtrace.dropped"), WAIT);
    assertThat(dropped.attr("exporter")).isEqualTo("otlp");
    assertThat(dropped.value()).isZero();
  }

  /**
   * Waits for the SERVER span of trace {@code traceId}, then for a later request's span (a second
   * export of the first would have arrived by then), and returns the one SERVER span of the trace.
   */
  Span onlyServerSpan(String traceId) {
    receiver.awaitSpans(s -> traceId.equals(s.traceId()) && "SPAN_KIND_SERVER".equals(s.kind()), 1, WAIT);
    String barrier = http.get("/owners/1").requestId();
    receiver.awaitSpans(s -> barrier.equals(s.traceId()), 1, WAIT);
    List<Span> servers = receiver.spans().stream()
        .filter(s -> traceId.equals(s.traceId()) && "SPAN_KIND_SERVER".equals(s.kind())).toList();
    assertThat(servers).as("SERVER spans of trace %s", traceId).hasSize(1);
    return servers.get(0);
  }
}
