package dev.reqtrace.agent.otlp;

import dev.reqtrace.bootstrap.RequestScope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The SDK's BatchSpanProcessor, cut to what the agent needs: finished requests wait in a bounded
 * lock-free queue (a full queue drops and counts, the request thread never waits), and the daemon
 * thread {@code reqtrace-otlp} turns them into spans and exports them in batches, one export at a
 * time with a bounded wait, so a black-holed collector costs one blocked agent thread and nothing
 * else.
 *
 * <p>While the collector is failing the queue holds one batch, not {@link #CAPACITY} requests: the
 * next attempt sends one batch only, and a dead collector must not keep finished requests alive
 * in the application's heap (measured on the demo: 2048 of them were 1 MB, beside 10 MB of the
 * app's own live data).
 */
final class SpanQueue implements AutoCloseable {
  static final int CAPACITY = 2048;
  static final int BATCH = 512;
  static final long DELAY_NANOS = TimeUnit.SECONDS.toNanos(1);
  static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final ConcurrentLinkedQueue<Finished> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final SpanMapper mapper;
  private final SpanExporter exporter;
  private final String endpoint;
  private final OtlpFailures failures;
  private final long exportWaitNanos;
  private final Thread worker;
  private volatile boolean closing;
  /* After a failed export the next waits 1 s, then 2, 4 ... 30 s, while requests fill the queue
   * (and then drop, counted): a dead collector costs one batch of span building per wait, not one
   * per request. A success ends the back-off. Worker thread only. */
  private long backoffNanos;
  private long retryAtNanos;
  /** Read by request threads: a full queue is then the collector's doing, already reported. */
  private volatile boolean backingOff;

  SpanQueue(SpanMapper mapper, SpanExporter exporter, String endpoint, OtlpFailures failures,
      long timeoutNanos) {
    this.mapper = mapper;
    this.exporter = exporter;
    this.endpoint = endpoint;
    this.failures = failures;
    // The sender gives up at the timeout; the margin covers its own scheduling.
    this.exportWaitNanos = timeoutNanos + TimeUnit.SECONDS.toNanos(1);
    this.worker = new Thread(this::run, "reqtrace-otlp");
    worker.setDaemon(true);
  }

  void start() {
    worker.start();
  }

  /** Enqueues a finished request; called on the request thread, never blocks. */
  void offer(RequestScope scope, String route, long endNanoTime) {
    int now = size.incrementAndGet();
    boolean failing = backingOff;
    if (now > (failing ? BATCH : CAPACITY) || closing) {
      size.decrementAndGet();
      if (failing) {
        failures.dropped(1);
      } else {
        failures.queueFull();
      }
      return;
    }
    queue.offer(new Finished(scope, route, endNanoTime));
    if (now == BATCH) {
      LockSupport.unpark(worker);
    }
  }

  /** Requests waiting; for tests. */
  int size() {
    return size.get();
  }

  /** Whether the last export failed and the next waits; for tests. */
  boolean backingOff() {
    return backingOff;
  }

  private void run() {
    long lastExport = System.nanoTime();
    while (!closing) {
      try {
        long now = System.nanoTime();
        if (backoffNanos > 0 && retryAtNanos - now > 0) {
          LockSupport.parkNanos(this, retryAtNanos - now);
          continue;
        }
        long waited = now - lastExport;
        if (size.get() < BATCH && waited < DELAY_NANOS) {
          LockSupport.parkNanos(this, DELAY_NANOS - waited);
          continue;
        }
        lastExport = System.nanoTime();
        SdkLogBridge.install();
        if (drainAndExport(exportWaitNanos)) {
          backoffNanos = 0;
        } else {
          backoffNanos = Math.min(MAX_BACKOFF_NANOS, Math.max(DELAY_NANOS, 2 * backoffNanos));
          retryAtNanos = System.nanoTime() + backoffNanos;
        }
        backingOff = backoffNanos > 0;
        if (backingOff) {
          dropBeyond(BATCH);
        }
      } catch (Throwable e) {
        // A bug in span building must not end the thread: the queue would fill and drop for good.
        failures.exportFailed("traces", endpoint, e, 0);
      }
    }
  }

  /** Drops (and counts) the oldest queued requests until at most {@code keep} are left. */
  private void dropBeyond(int keep) {
    int dropped = 0;
    while (size.get() > keep && queue.poll() != null) {
      size.decrementAndGet();
      dropped++;
    }
    failures.dropped(dropped);
  }

  /** Exports one batch; {@code false} when the export failed or timed out. */
  private boolean drainAndExport(long waitNanos) {
    // A new list each time: an export that timed out may still be reading the previous one.
    List<SpanData> batch = new ArrayList<>();
    int requests = 0;
    Finished next;
    while (requests < BATCH && (next = queue.poll()) != null) {
      size.decrementAndGet();
      requests++;
      try {
        mapper.map(next.scope, next.route, next.endNanoTime, batch);
      } catch (RuntimeException e) {
        failures.dropped(1);
      }
    }
    if (batch.isEmpty()) {
      return true;
    }
    CompletableResultCode result = exporter.export(batch);
    result.join(waitNanos, TimeUnit.NANOSECONDS);
    if (!result.isDone()) {
      failures.exportFailed("traces", endpoint, new java.util.concurrent.TimeoutException(), batch.size());
      return false;
    }
    if (!result.isSuccess()) {
      failures.exportFailed("traces", endpoint, result.getFailureThrowable(), batch.size());
      return false;
    }
    return true;
  }

  /**
   * Stops taking requests, exports what is queued with at most {@code waitMillis} in all, then
   * shuts the exporter down.
   */
  void close(long waitMillis) {
    closing = true;
    LockSupport.unpark(worker);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
    try {
      worker.join(Math.max(1, waitMillis / 2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    while (size.get() > 0 && System.nanoTime() < deadline && !worker.isAlive()) {
      drainAndExport(Math.max(1, deadline - System.nanoTime()));
    }
    int left = size.getAndSet(0);
    queue.clear();
    if (left > 0) {
      failures.dropped(left);
    }
    exporter.shutdown().join(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  @Override
  public void close() {
    close(2000);
  }

  /** A request waiting for the exporter thread. */
  private static final class Finished {
    final RequestScope scope;
    final String route;
    final long endNanoTime;

    Finished(RequestScope scope, String route, long endNanoTime) {
      this.scope = scope;
      this.route = route;
      this.endNanoTime = endNanoTime;
    }
  }
}
