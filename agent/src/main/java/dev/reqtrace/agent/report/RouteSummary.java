package dev.reqtrace.agent.report;

import dev.reqtrace.agent.record.HttpMethods;
import dev.reqtrace.agent.record.RequestSink;
import dev.reqtrace.bootstrap.RequestScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * The {@code log} exporter's periodic summary: every {@code reqtrace.log.summary_interval} one INFO
 * block with the interval's totals and, per route, count, errors (5xx or exception),
 * p50/p90/p99 and the share of time spent in the database. Silent when nothing happened.
 */
final class RouteSummary implements RequestSink, Runnable {
  /** Routes listed per summary, busiest first. */
  static final int TOP_ROUTES = 20;
  /** Every method not in {@link HttpMethods}. */
  static final String OTHER_METHOD = "OTHER";

  private final Logger log;
  private final Duration interval;
  private final LongSupplier slowCount;
  private final LongSupplier nPlusOneCount;
  private final LongSupplier outsideCount;
  /* This interval's figures by method, then route: two lookups of strings the request already has,
   * where one "method route" key would be a string built per request. */
  private final AtomicReference<ConcurrentHashMap<String, ConcurrentHashMap<String, RouteStats>>>
      current = new AtomicReference<>(new ConcurrentHashMap<>());
  private long lastSlow;
  private long lastNPlusOne;
  private long lastOutside;

  RouteSummary(Logger log, Duration interval, LongSupplier slowCount, LongSupplier nPlusOneCount,
      LongSupplier outsideCount) {
    this.log = log;
    this.interval = interval;
    this.slowCount = slowCount;
    this.nPlusOneCount = nPlusOneCount;
    this.outsideCount = outsideCount;
    this.lastOutside = outsideCount.getAsLong();
  }

  /** Starts the daemon thread {@code reqtrace-summary}. */
  void start() {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "reqtrace-summary");
      thread.setDaemon(true);
      return thread;
    });
    long millis = interval.toMillis();
    timer.scheduleAtFixedRate(this, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** How long {@link #drain()} lets requests that read the ended interval finish recording. */
  static final long GRACE_MILLIS = 20;

  @Override
  public void accept(RequestScope scope, String route) {
    ConcurrentHashMap<String, ConcurrentHashMap<String, RouteStats>> byMethod = current.get();
    String method = method(scope.method());
    ConcurrentHashMap<String, RouteStats> routes = byMethod.get(method);
    if (routes == null) {
      routes = byMethod.computeIfAbsent(method, m -> new ConcurrentHashMap<>());
    }
    RouteStats stats = routes.get(route);
    if (stats == null) {
      stats = routes.computeIfAbsent(route, r -> new RouteStats());
    }
    stats.record(scope.durationNanos(), scope.status() >= 500 || scope.thrown() != null,
        scope.db().totalNanos());
  }

  /**
   * The method as the summary groups it. The client chooses it (any token is a method, answered
   * 501 by the container): kept as sent, every made-up one was a route entry with its own
   * histogram (~2.5 KB) until the interval ended, so a scanner grew the heap by the request.
   */
  private static String method(String method) {
    return HttpMethods.name(HttpMethods.index(method), OTHER_METHOD);
  }

  @Override
  public void run() {
    try {
      String text = drain();
      if (text != null) {
        log.info(text);
      }
    } catch (RuntimeException e) {
      log.debug("summary failed: {}", e.toString());
    }
  }

  /**
   * Takes this interval's figures and starts the next interval; {@code null} when nothing happened.
   *
   * <p>A request that read the interval just before the swap records into it a few microseconds
   * later: the ended interval is read only after {@link #GRACE_MILLIS}, on this background thread,
   * so such a request lands in the interval it read. Best effort by design: a request thread
   * descheduled for longer than that between its read and its record is counted in no summary.
   * Making it exact would cost every request two atomic updates (tried in 4b941f5 and reverted:
   * the request path pays for the log's edge).
   */
  String drain() {
    ConcurrentHashMap<String, ConcurrentHashMap<String, RouteStats>> ended =
        current.getAndSet(new ConcurrentHashMap<>());
    try {
      Thread.sleep(GRACE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // shutting down: print what there is
    }
    Map<String, RouteStats> routes = new HashMap<>();
    ended.forEach((method, byRoute) ->
        byRoute.forEach((route, stats) -> routes.put(method + " " + route, stats)));
    long slow = slowCount.getAsLong();
    long nPlusOne = nPlusOneCount.getAsLong();
    long outside = outsideCount.getAsLong();
    long slowDelta = slow - lastSlow;
    long nPlusOneDelta = nPlusOne - lastNPlusOne;
    long outsideDelta = outside - lastOutside;
    lastSlow = slow;
    lastNPlusOne = nPlusOne;
    lastOutside = outside;
    if (routes.isEmpty() && outsideDelta == 0) {
      return null;
    }
    List<Map.Entry<String, RouteStats>> sorted = new ArrayList<>(routes.entrySet());
    sorted.sort((a, b) -> {
      int byCount = Long.compare(b.getValue().count.sum(), a.getValue().count.sum());
      return byCount != 0 ? byCount : a.getKey().compareTo(b.getKey());
    });
    long requests = 0;
    long errors = 0;
    for (Map.Entry<String, RouteStats> e : sorted) {
      requests += e.getValue().count.sum();
      errors += e.getValue().errors.sum();
    }
    StringBuilder out = new StringBuilder(128 + 120 * Math.min(sorted.size(), TOP_ROUTES))
        .append("summary interval_s=").append(interval.getSeconds())
        .append(" requests=").append(requests)
        .append(" errors=").append(errors)
        .append(" slow=").append(slowDelta)
        .append(" n_plus_one=").append(nPlusOneDelta)
        .append(" db_outside_requests=").append(outsideDelta);
    for (int i = 0; i < sorted.size() && i < TOP_ROUTES; i++) {
      out.append(Text.NEXT_LINE).append(line(sorted.get(i).getKey(), sorted.get(i).getValue()));
    }
    if (sorted.size() > TOP_ROUTES) {
      out.append(Text.NEXT_LINE).append("... ").append(sorted.size() - TOP_ROUTES).append(" more routes");
    }
    return out.toString();
  }

  private static String line(String route, RouteStats s) {
    long total = s.totalNanos.sum();
    long db = s.dbNanos.sum();
    int share = total <= 0 ? 0 : (int) Math.min(100, Math.round(100.0 * db / total));
    return String.format(Locale.ROOT,
        "route=\"%s\" count=%d errors=%d p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f db_time_share=%d%%",
        route, s.count.sum(), s.errors.sum(), s.latency.quantile(0.50) / 1000,
        s.latency.quantile(0.90) / 1000, s.latency.quantile(0.99) / 1000, share);
  }

  /** One route's figures in one interval. */
  static final class RouteStats {
    final LongAdder count = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder totalNanos = new LongAdder();
    final LongAdder dbNanos = new LongAdder();
    final LatencyHistogram latency = new LatencyHistogram();

    void record(long durationNanos, boolean error, long dbTimeNanos) {
      count.increment();
      if (error) {
        errors.increment();
      }
      totalNanos.add(durationNanos);
      dbNanos.add(dbTimeNanos);
      latency.record(durationNanos);
    }
  }
}
