package dev.reqtrace.agent.otlp;

import dev.reqtrace.agent.scrub.Scrubber;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reqtrace.agent.Throttle;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A collector that never answers costs the request thread a bounded, non-blocking enqueue. */
class SpanQueueTest {
  /** A collector whose exports behave as {@link #export} says; flush and shutdown succeed. */
  abstract static class TestCollector implements SpanExporter {
    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  /** Accepts an export and never completes it: the black-holed collector. */
  static final class BlackHole extends TestCollector {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return new CompletableResultCode();
    }
  }

  @Test
  void fullQueueDropsAndCountsWithoutBlocking() {
    OtlpFailures failures = new OtlpFailures(LoggerFactory.getLogger("test"), Throttle.perMinute());
    SpanQueue queue = new SpanQueue(new SpanMapper(Resource.empty(), InstrumentationScopeInfo.create("t"), 0,
        Scrubber.of(java.util.List.of("password"))),
        new BlackHole(), "http://test", failures, TimeUnit.SECONDS.toNanos(10));
    // Not started: nothing drains, as with an exporter thread stuck on the collector.
    long start = System.nanoTime();
    for (int i = 0; i < SpanQueue.CAPACITY + 1000; i++) {
      queue.offer(null, "/r", 0);
    }
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(queue.size()).isEqualTo(SpanQueue.CAPACITY);
    assertThat(failures.droppedCount()).isEqualTo(1000);
    assertThat(elapsedMillis).as("3048 offers").isLessThan(2000);
    queue.close(10);
    assertThat(failures.droppedCount()).as("what was queued at shutdown is counted too")
        .isEqualTo(1000 + SpanQueue.CAPACITY);
  }

  /** Refuses every export, as a collector that is down; counts the attempts. */
  static final class Refusing extends TestCollector {
    final java.util.concurrent.atomic.AtomicInteger exports = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      exports.incrementAndGet();
      return CompletableResultCode.ofExceptionalFailure(new java.net.ConnectException("refused"));
    }
  }

  private static SpanQueue startedQueue(SpanExporter collector, OtlpFailures failures) {
    SpanQueue queue = new SpanQueue(new SpanMapper(Resource.empty(), InstrumentationScopeInfo.create("t"), 0,
        Scrubber.of(java.util.List.of("password"))), collector, "http://test", failures,
        TimeUnit.SECONDS.toNanos(10));
    queue.start();
    return queue;
  }

  private static void offer(SpanQueue queue, dev.reqtrace.bootstrap.Activation request, int count) {
    for (int i = 0; i < count; i++) {
      queue.offer(request.scope(), "/r", System.nanoTime());
    }
  }

  private static dev.reqtrace.bootstrap.Activation finishedRequest() {
    dev.reqtrace.bootstrap.Activation request = dev.reqtrace.bootstrap.RequestScope.start("GET", "/r", null, null);
    request.end(200, null, null);
    return request;
  }

  @Test
  void aDeadCollectorIsRetriedWithBackOffNotOncePerBatch() throws Exception {
    OtlpFailures failures = new OtlpFailures(LoggerFactory.getLogger("test"), Throttle.perMinute());
    Refusing collector = new Refusing();
    SpanQueue queue = startedQueue(collector, failures);
    dev.reqtrace.bootstrap.Activation request = finishedRequest();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    // Far more than the queue holds, over ~1.5 s: without back-off that is a dozen failed exports.
    for (int i = 0; i < 15; i++) {
      offer(queue, request, SpanQueue.BATCH);
      Thread.sleep(100);
    }
    while (collector.exports.get() < 1 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(collector.exports.get()).as("exports tried in 1.5 s").isBetween(1, 2);
    assertThat(failures.droppedCount()).as("spans past the queue, counted")
        .isGreaterThanOrEqualTo(15L * SpanQueue.BATCH - SpanQueue.CAPACITY - 2L * SpanQueue.BATCH);
    queue.close(100);
  }

  @Test
  void whileTheCollectorFailsTheQueueHoldsOneBatch() throws Exception {
    OtlpFailures failures = new OtlpFailures(LoggerFactory.getLogger("test"), Throttle.perMinute());
    Refusing collector = new Refusing();
    SpanQueue queue = startedQueue(collector, failures);
    dev.reqtrace.bootstrap.Activation request = finishedRequest();
    offer(queue, request, SpanQueue.BATCH); // a full batch wakes the exporter at once
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!queue.backingOff() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(queue.backingOff()).as("backing off after the refused export").isTrue();
    long droppedBefore = failures.droppedCount();

    offer(queue, request, SpanQueue.CAPACITY);

    assertThat(queue.size()).as("requests kept while the collector fails").isEqualTo(SpanQueue.BATCH);
    assertThat(failures.droppedCount() - droppedBefore).as("the others, counted")
        .isEqualTo(SpanQueue.CAPACITY - SpanQueue.BATCH);
    queue.close(100);
  }

  @Test
  void failureKindsAreShortAndStable() {
    assertThat(OtlpFailures.kindOf(new java.net.ConnectException("Connection refused")))
        .isEqualTo("connection refused");
    assertThat(OtlpFailures.kindOf(new RuntimeException(new java.net.http.HttpTimeoutException("t"))))
        .isEqualTo("timed out");
    assertThat(OtlpFailures.kindOf(new java.net.http.HttpConnectTimeoutException("connect")))
        .as("a subclass").isEqualTo("timed out");
    assertThat(OtlpFailures.kindOf(new java.net.SocketTimeoutException("gRPC call timed out")))
        .isEqualTo("timed out");
    assertThat(OtlpFailures.kindOf(new java.util.concurrent.RejectedExecutionException()))
        .isEqualTo("sender busy");
  }
}
