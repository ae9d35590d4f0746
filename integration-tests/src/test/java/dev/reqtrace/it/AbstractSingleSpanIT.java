package dev.reqtrace.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * DESIGN "Classloading rules", nesting: one server span per request however many service() and
 * doFilter() frames or dispatches it passes. With {@code reqtrace.log.level=debug} the agent logs
 * one {@code server-span} line per finished request; these tests count them per request ID.
 */
public abstract class AbstractSingleSpanIT extends AbstractAppIT {
  /** {@code [reqtrace] <timestamp> DEBUG server-span request_id=.. trace_id=.. span_id=.. method=.. route=.. status=.. duration_ms=n.nnn}. */
  static final Pattern SPAN_LINE = Pattern.compile("^\\[reqtrace] .*\\bDEBUG server-span"
      + " request_id=(\\S+) trace_id=([0-9a-f]{32}) span_id=([0-9a-f]{16}) method=(\\S+)"
      + " route=(\\S+) status=(\\d{3}) duration_ms=(\\d+\\.\\d{3})(?:\\s.*)?$");
  private static final Duration SPAN_WAIT = Duration.ofSeconds(30);

  @Override
  protected ForkedApp.Builder options(ForkedApp.Builder builder) {
    return super.options(builder).sysProp("reqtrace.log.level", "debug");
  }

  @Test
  void plainRequestIsOneSpan() {
    Span span = onlySpanOf("/hello?n=span", 200);
    assertThat(span.route()).isEqualTo("/hello");
    assertThat(span.traceId()).isEqualTo(span.requestId());
    assertThat(span.method()).isEqualTo("GET");
  }

  @Test
  void servletCallingSuperServiceIsOneSpan() {
    assumeTrue(testApp().has("/super"));
    assertThat(onlySpanOf("/super", 200).route()).isEqualTo("/super");
  }

  @Test
  void threeFiltersAndAServletAreOneSpan() {
    assertThat(onlySpanOf("/chain", 200).route()).isEqualTo("/chain");
  }

  /** DESIGN: a request that ends on a forward keeps its original route and its one ID. */
  @Test
  void forwardIsOneSpanWithTheOriginalRoute() {
    assertThat(onlySpanOf("/forward", 200).route()).isEqualTo("/forward");
  }

  @Test
  void asyncDispatchIsOneSpan() {
    assumeTrue(testApp().has("/async-dispatch"));
    onlySpanOf("/async-dispatch", 200);
  }

  @Test
  void asyncStartIsOneSpan() {
    assumeTrue(testApp().has("/async"));
    assertThat(onlySpanOf("/async", 200).route()).isEqualTo("/async");
  }

  @Test
  void deferredResultIsOneSpan() {
    assumeTrue(testApp().has("/deferred"));
    assertThat(onlySpanOf("/deferred", 200).route()).isEqualTo("/deferred");
  }

  @Test
  void callableIsOneSpan() {
    assumeTrue(testApp().has("/callable"));
    assertThat(onlySpanOf("/callable", 200).route()).isEqualTo("/callable");
  }

  @Test
  void streamedResponseIsOneSpan() {
    assertThat(onlySpanOf("/stream", 200).route()).isEqualTo("/stream");
  }

  /** DESIGN: an error dispatch (the container's error page) keeps the route; status 500. */
  @Test
  void exceptionIsOneSpanWithStatus500() {
    assertThat(onlySpanOf("/boom", 500).route()).isEqualTo("/boom");
  }

  /** DESIGN: a 404 only the default servlet saw is routed {@code unmatched}. */
  @Test
  void notFoundIsOneSpanRoutedUnmatched() {
    // Spring's /** resource handler is a framework pattern; its route is not pinned here.
    assumeTrue(!testApp().isSpringBoot());
    assertThat(onlySpanOf("/missing", 404).route()).isEqualTo("unmatched");
  }

  /**
   * GETs {@code path}, waits for its server-span line, then for the span of a later barrier
   * request (a second span of the first request would be logged by then), and returns the one
   * span line of the first request, checked against the documented format.
   */
  private Span onlySpanOf(String path, int status) {
    int mark = app.mark();
    Http.Response r = request(path);
    assertThat(r.status()).isEqualTo(status);
    String id = r.requestId();
    app.awaitLines(mark, spanOf(id), 1, SPAN_WAIT);

    String barrier = request("/hello?n=barrier").requestId();
    app.awaitLines(mark, spanOf(barrier), 1, SPAN_WAIT);

    List<String> spans = app.linesSince(mark).stream().filter(spanOf(id)).toList();
    assertThat(spans).as("server-span lines of %s (request %s)", path, id).hasSize(1);
    Matcher m = SPAN_LINE.matcher(spans.get(0));
    assertThat(m.matches()).as("documented server-span format: %s", spans.get(0)).isTrue();
    Span span = new Span(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5),
        Integer.parseInt(m.group(6)));
    assertThat(span.requestId()).isEqualTo(id);
    assertThat(span.status()).as(spans.get(0)).isEqualTo(status);
    return span;
  }

  private static java.util.function.Predicate<String> spanOf(String id) {
    String needle = " server-span request_id=" + id + " ";
    return line -> line.startsWith(ForkedApp.AGENT_PREFIX) && line.contains(needle);
  }

  record Span(String requestId, String traceId, String spanId, String method, String route,
      int status) {}
}
