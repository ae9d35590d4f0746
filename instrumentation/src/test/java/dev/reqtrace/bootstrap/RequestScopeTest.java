package dev.reqtrace.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestScopeTest {
  private final List<RequestScope> ended = new ArrayList<>();

  @AfterEach
  void reset() {
    RequestScope.configure("X-Request-ID", null);
    RequestScope.countActive(false);
  }

  @Test
  void countsActiveRequestsOnlyWhileAGaugeReadsThem() {
    int before = RequestScope.activeCount();
    Activation uncounted = RequestScope.start("GET", "/x", null, null);
    assertThat(RequestScope.activeCount()).as("no exporter reads the gauge").isEqualTo(before);

    RequestScope.countActive(true);
    Activation counted = RequestScope.start("GET", "/y", null, null);
    assertThat(RequestScope.activeCount()).isEqualTo(before + 1);
    uncounted.end(200, null, null); // started before counting: must not subtract
    assertThat(RequestScope.activeCount()).isEqualTo(before + 1);
    counted.end(200, null, null);
    counted.scope().end(200, null); // a second end subtracts nothing either
    assertThat(RequestScope.activeCount()).isEqualTo(before);
  }

  @Test
  void reusesAValidInboundIdAndKeepsTheTraceIdOfTheTraceparent() {
    Activation a = RequestScope.start("GET", "/x", "client-id-1",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    a.restore();
    assertThat(a.scope().requestId()).isEqualTo("client-id-1");
    assertThat(a.scope().traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(a.scope().parentSpanId()).isEqualTo("00f067aa0ba902b7");
  }

  @Test
  void usesTheTraceIdAsRequestIdWhenTheInboundIdIsInvalid() {
    Activation a = RequestScope.start("GET", "/x", "bad\r\nid", null);
    a.restore();
    assertThat(a.scope().requestId()).isEqualTo(a.scope().traceId()).matches("[0-9a-f]{32}");
  }

  @Test
  void endsOnceEvenWhenTwoListenersComplete() {
    RequestScope.configure("X-Request-ID", ended::add);
    Activation a = RequestScope.start("GET", "/x", null, null);
    a.end(200, null, null);
    a.scope().end(200, null);
    assertThat(ended).hasSize(1);
    assertThat(ended.get(0).status()).isEqualTo(200);
  }

  @Test
  void recordsA500WhenAnExceptionEscapesWithStatus200() {
    RequestScope.configure("X-Request-ID", ended::add);
    Activation a = RequestScope.start("GET", "/x", null, null);
    a.end(200, new IllegalStateException("boom"), null);
    assertThat(ended.get(0).status()).isEqualTo(500);
    assertThat(ended.get(0).thrown()).hasMessage("boom");
  }

  @Test
  void aRedispatchNeverEndsTheRequest() {
    RequestScope.configure("X-Request-ID", ended::add);
    Activation first = RequestScope.start("GET", "/x", null, null);
    first.end(500, null, null);
    Activation error = first.scope().resume(ThreadState.current());
    error.end(500, null, "/error");
    assertThat(ended).hasSize(1);
  }

  @Test
  void restoresThePreviousCurrentScope() {
    Activation outer = RequestScope.start("GET", "/outer", null, null);
    Activation inner = outer.scope().resume(ThreadState.current());
    assertThat(ThreadState.current().scope()).isSameAs(outer.scope());
    inner.restore();
    assertThat(ThreadState.current().scope()).isSameAs(outer.scope());
    outer.restore();
    assertThat(ThreadState.current().scope()).isNull();
  }

  @Test
  void wrapsTasksOnlyDuringARequest() throws Exception {
    Runnable task = () -> { };
    assertThat(RequestScope.wrap(task)).isSameAs(task);
    Activation a = RequestScope.start("GET", "/x", null, null);
    Runnable wrapped = RequestScope.wrap(task);
    assertThat(wrapped).isInstanceOf(ScopedRunnable.class);
    assertThat(RequestScope.wrap(wrapped)).isSameAs(wrapped);
    a.restore();
    RequestScope[] seen = new RequestScope[1];
    Thread t = new Thread(RequestScope.wrap(() -> { }));
    Thread other = new Thread(
        new ScopedRunnable(a.scope(), () -> seen[0] = ThreadState.current().scope()));
    other.start();
    other.join();
    t.start();
    t.join();
    assertThat(seen[0]).isSameAs(a.scope());
  }

  @Test
  void wrapsSubmittedCallsOnceAndOnlyDuringARequest() throws Exception {
    ThreadState thread = ThreadState.current();
    Callable<String> call = () -> ThreadState.current().scope().requestId();
    assertThat(RequestScope.wrapSubmitted(thread, call)).isSameAs(call);
    thread.exitExecutor();

    Activation a = RequestScope.start("GET", "/x", null, null);
    Callable<String> wrapped = RequestScope.wrapSubmitted(thread, call);
    assertThat(wrapped).isInstanceOf(ScopedCallable.class);
    assertThat(RequestScope.wrapSubmitted(thread, call)).as("nested in the first").isSameAs(call);
    thread.exitExecutor();
    thread.exitExecutor();
    assertThat(RequestScope.wrapSubmitted(thread, wrapped)).isSameAs(wrapped);
    thread.exitExecutor();
    a.restore();

    assertThat(wrapped.call()).isEqualTo(a.scope().requestId());
    assertThat(ThreadState.current().scope()).as("restored after the call").isNull();
    Callable<String> failing = new ScopedCallable<>(a.scope(), () -> {
      throw new java.io.IOException("the call's own");
    });
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      assertThat(pool.submit(wrapped).get()).isEqualTo(a.scope().requestId());
      assertThatThrownBy(failing::call)
          .isInstanceOf(java.io.IOException.class).hasMessage("the call's own");
      assertThat(ThreadState.current().scope()).isNull();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void exposesTheHeaderOnceInAccessControlExposeHeaders() {
    assertThat(RequestScope.exposeHeaders(null)).isEqualTo("X-Request-ID");
    assertThat(RequestScope.exposeHeaders("ETag")).isEqualTo("ETag, X-Request-ID");
    assertThat(RequestScope.exposeHeaders("etag, x-request-id")).isEqualTo("etag, x-request-id");
    assertThat(RequestScope.exposeHeaders("*")).isEqualTo("*");
  }

  @Test
  void putsBackWhatTheLoggingContextHeldAndLeavesAnEmptyOneEmpty() {
    Activation a = RequestScope.start("GET", "/x", null, null);
    assertThat(org.slf4j.MDC.get("span_id")).isEqualTo(a.scope().spanId());
    a.restore();
    assertThat(org.slf4j.MDC.getCopyOfContextMap()).as("after a request on a clean thread").isNullOrEmpty();

    org.slf4j.MDC.put("request_id", "outer-id");
    org.slf4j.MDC.put("user", "u1");
    try {
      Activation b = RequestScope.start("GET", "/y", null, null);
      assertThat(org.slf4j.MDC.get("request_id")).isEqualTo(b.scope().requestId());
      b.restore();
      assertThat(org.slf4j.MDC.getCopyOfContextMap())
          .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("request_id", "outer-id", "user", "u1"));
    } finally {
      org.slf4j.MDC.clear();
    }
  }

  @Test
  void keepsTheRouteOfTheFirstHandlerAcrossForwardAndErrorDispatch() {
    RequestScope.configure("X-Request-ID", ended::add);
    Activation a = RequestScope.start("GET", "/forward", null, null);
    assertThat(Activation.nested(ThreadState.current(), "/forward")).isNull();
    a.end(200, null, "/hello");
    assertThat(ended.get(0).routePattern()).isEqualTo("/forward");
  }

  @Test
  void rebindsLoggingWhenTheContainerSwitchesToALoaderWithItsOwnLogging() throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    ThreadState state = ThreadState.current();
    Activation outer = RequestScope.start("GET", "/x", null, null);
    java.net.URL[] logging = {jarOf(org.slf4j.MDC.class),
        jarOf(ch.qos.logback.classic.LoggerContext.class), jarOf(ch.qos.logback.core.Context.class)};
    try (java.net.URLClassLoader webapp = new java.net.URLClassLoader(logging, null)) {
      assertThat(Activation.nested(state, null)).isNull();
      thread.setContextClassLoader(new ClassLoader(original) { });
      assertThat(Activation.nested(state, null)).as("a child loader that sees the same MDC")
          .isNull();
      thread.setContextClassLoader(webapp); // a WAR with its own slf4j
      Activation inner = Activation.nested(state, null);
      assertThat(inner).isNotNull();
      assertThat(inner.scope()).isSameAs(outer.scope());
      assertThat(inner.targets()).as("the WAR's own MDC").hasSize(1).doesNotContain(outer.targets());
      inner.restore();
      assertThat(ThreadState.current().scope()).isSameAs(outer.scope());
    } finally {
      thread.setContextClassLoader(original);
      outer.restore();
    }
    assertThat(ThreadState.current().scope()).isNull();
  }

  private static java.net.URL jarOf(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation();
  }

  @Test
  void skipsSlf4jsNoOpMdcForAsLongAsItIsNoOp() throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    java.net.URL slf4j = jarOf(org.slf4j.MDC.class);
    // slf4j-api alone: no provider, so SLF4J falls back to its no-op MDC.
    try (java.net.URLClassLoader app = new java.net.URLClassLoader(new java.net.URL[] {slf4j}, null)) {
      thread.setContextClassLoader(app);
      Activation a = RequestScope.start("GET", "/x", null, null);
      assertThat(a.targets()).hasSize(1);
      assertThat(a.targets()[0].isNoOp()).isTrue();
      // Later bound to a real adapter (SLF4J does this itself when its provider is bound): used.
      Class<?> mdc = Class.forName("org.slf4j.MDC", true, app);
      Class<?> adapterType = Class.forName("org.slf4j.spi.MDCAdapter", false, app);
      java.lang.reflect.Method set = mdc.getDeclaredMethod("setMDCAdapter", adapterType);
      set.setAccessible(true);
      set.invoke(null, Class.forName("org.slf4j.helpers.BasicMDCAdapter", true, app)
          .getConstructor().newInstance());
      assertThat(a.targets()[0].isNoOp()).isFalse();
      a.restore();
      Activation later = RequestScope.start("GET", "/y", null, null);
      assertThat(mdc.getMethod("get", String.class).invoke(null, "request_id"))
          .isEqualTo(later.scope().requestId());
      later.restore();
      assertThat(mdc.getMethod("get", String.class).invoke(null, "request_id")).isNull();
      thread.setContextClassLoader(original); // logback's
      Activation b = RequestScope.start("GET", "/x", null, null);
      assertThat(b.targets()).hasSize(1);
      assertThat(b.targets()[0].isNoOp()).isFalse();
      assertThat(org.slf4j.MDC.get("request_id")).isEqualTo(b.scope().requestId());
      b.restore();
    } finally {
      thread.setContextClassLoader(original);
    }
  }

  @Test
  void aFailureAnsweredWith4xxIsNotAServerError() {
    RequestScope.configure("X-Request-ID", ended::add);
    Activation a = RequestScope.start("GET", "/x", null, null);
    assertThat(a.scope().captureErrorDetails(400, new IllegalArgumentException("bad header"))).isNull();
    a.end(400, new IllegalArgumentException("bad header [x-request-id:\u0004]"), null);
    assertThat(ended.get(0).status()).isEqualTo(400);
    assertThat(ended.get(0).thrown()).isNull();
  }
}
