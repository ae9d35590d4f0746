package dev.reqtrace.agent.otlp;

import dev.reqtrace.agent.record.HttpMethods;
import dev.reqtrace.bootstrap.JdbcCall;
import dev.reqtrace.bootstrap.RequestScope;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import java.io.File;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;

/**
 * The request and JDBC metrics, recorded on the request thread into the SDK's in-memory
 * aggregations (exported by the periodic reader): the semantic-convention histograms
 * {@code http.server.request.duration} and {@code db.client.operation.duration} in seconds, and the
 * seed's meters of DESIGN.md's table under their own names. Attribute sets are built once per route,
 * method and status and then reused, so recording a request is a few array reads and map updates.
 */
final class OtlpMetrics {
  /** Semconv advice for http.server.request.duration. */
  static final List<Double> HTTP_BUCKETS = Arrays.asList(
      0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
  /** Semconv advice for db.client.operation.duration. */
  static final List<Double> DB_BUCKETS = Arrays.asList(
      0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0);
  /** Millisecond buckets of the seed's timers, the same bounds as the seconds above. */
  static final List<Double> MS_BUCKETS = Arrays.asList(
      5.0, 10.0, 25.0, 50.0, 75.0, 100.0, 250.0, 500.0, 750.0, 1000.0, 2500.0, 5000.0, 7500.0, 10000.0);

  private static final int STATUSES = 600;

  private final Attributes tags;
  private final long slowNanos;
  private final DoubleHistogram httpDuration;
  private final DoubleHistogram dbDuration;
  private final LongCounter requests;
  private final DoubleHistogram responseTime;
  private final LongCounter slow;
  private final LongCounter dbQueries;
  private final DoubleHistogram dbQueryTime;
  private final Map<String, RouteAttributes> routes = new ConcurrentHashMap<>();
  /* By system, then operation: two lookups of strings the statement already has, where a
   * "system operation" key would be built per statement. */
  private final Map<String, Map<String, DbAttributes>> dbBySystemAndOperation =
      new ConcurrentHashMap<>();

  OtlpMetrics(Meter meter, Map<String, String> globalTags, long slowNanos, LongSupplier dropped) {
    AttributesBuilder tagBuilder = Attributes.builder();
    globalTags.forEach(tagBuilder::put);
    this.tags = tagBuilder.build();
    // reqtrace.slow.threshold=0 turns slowness off: no request reaches Long.MAX_VALUE.
    this.slowNanos = slowNanos > 0 ? slowNanos : Long.MAX_VALUE;
    httpDuration = meter.histogramBuilder("http.server.request.duration").setUnit("s")
        .setDescription("Duration of HTTP server requests.")
        .setExplicitBucketBoundariesAdvice(HTTP_BUCKETS).build();
    dbDuration = meter.histogramBuilder("db.client.operation.duration").setUnit("s")
        .setDescription("Duration of database client operations.")
        .setExplicitBucketBoundariesAdvice(DB_BUCKETS).build();
    requests = meter.counterBuilder("http_request").setUnit("{request}")
        .setDescription("Requests by method, route and status.").build();
    responseTime = meter.histogramBuilder("http_request.response_time").setUnit("ms")
        .setDescription("Response time by method, route and status class.")
        .setExplicitBucketBoundariesAdvice(MS_BUCKETS).build();
    slow = meter.counterBuilder("http_request.slow").setUnit("{request}")
        .setDescription("Requests at or over reqtrace.slow.threshold; none when it is 0.").build();
    dbQueries = meter.counterBuilder("db.query").setUnit("{statement}")
        .setDescription("JDBC statements by database, operation and route.").build();
    dbQueryTime = meter.histogramBuilder("db.query.time").setUnit("ms")
        .setDescription("JDBC statement time by database and operation.")
        .setExplicitBucketBoundariesAdvice(MS_BUCKETS).build();
    meter.gaugeBuilder("http_request.active").ofLongs().setUnit("{request}")
        .setDescription("Requests in progress.")
        .buildWithCallback(m -> m.record(RequestScope.activeCount(), tags));
    Attributes droppedAttributes = tags.toBuilder().put("exporter", "otlp").build();
    meter.counterBuilder("reqtrace.dropped").setUnit("{span}")
        .setDescription("Spans the OTLP exporter dropped: queue full or export failed.")
        .buildWithCallback(m -> m.record(dropped.getAsLong(), droppedAttributes));
    registerJvmGauges(meter);
  }

  /** Records one finished request and its statements; request thread, no I/O, no locks. */
  void record(RequestScope scope, String route) {
    RouteAttributes byRoute = routes.get(route);
    if (byRoute == null) {
      byRoute = routes.computeIfAbsent(route, RouteAttributes::new);
    }
    int methodIndex = HttpMethods.index(scope.method());
    int status = scope.status() >= 100 && scope.status() < STATUSES ? scope.status() : 0;
    Bound bound = byRoute.bound(methodIndex, status);
    long nanos = scope.durationNanos();
    Throwable thrown = scope.thrown();
    httpDuration.record(nanos / 1e9, thrown == null ? bound.semconv : bound.semconvWithError(thrown));
    requests.add(1, bound.request);
    responseTime.record(nanos / 1e6, bound.time);
    if (nanos >= slowNanos) {
      slow.add(1, byRoute.slow(methodIndex));
    }
    recordStatements(byRoute, scope.db().newest());
  }

  /**
   * Two duration samples per statement, and one {@code db.query} add per run of statements with
   * the same system and operation (an N+1 request is one run): each SDK call looks up its series
   * and writes to a handle all request threads share, and the counter's sum is the same. Walks
   * the spans from the newest without the list {@code DbStats.spans()} would build; the order
   * does not matter to a sum or a sample.
   */
  private void recordStatements(RouteAttributes byRoute, JdbcCall newest) {
    String system = null;
    String operation = null;
    DbAttributes db = null;
    long run = 0;
    for (JdbcCall call = newest; call != null; call = call.older()) {
      // Identity: the bootstrap shares one string per driver class and per normalized statement.
      if (db == null || call.system() != system || call.sql().operation() != operation) {
        if (run > 0) {
          dbQueries.add(run, byRoute.db(db));
        }
        system = call.system();
        operation = call.sql().operation();
        db = db(system, operation);
        run = 0;
      }
      double durationNanos = call.durationNanos();
      dbDuration.record(durationNanos / 1e9, db.semconv);
      dbQueryTime.record(durationNanos / 1e6, db.seed);
      run++;
    }
    if (run > 0) {
      dbQueries.add(run, byRoute.db(db));
    }
  }

  private DbAttributes db(String system, String operation) {
    String sys = system == null ? "other_sql" : system;
    Map<String, DbAttributes> byOperation = dbBySystemAndOperation.get(sys);
    if (byOperation == null) {
      byOperation = dbBySystemAndOperation.computeIfAbsent(sys, k -> new ConcurrentHashMap<>());
    }
    String key = operation == null ? "" : operation; // no null keys in a ConcurrentHashMap
    DbAttributes attributes = byOperation.get(key);
    if (attributes == null) {
      attributes = byOperation.computeIfAbsent(key, k -> new DbAttributes(sys, operation, tags));
    }
    return attributes;
  }

  /** The semconv {@code http.request.method}: a known method, else {@code _OTHER}. */
  static String semconvMethod(String method) {
    return HttpMethods.name(HttpMethods.index(method), "_OTHER");
  }

  private void registerJvmGauges(Meter meter) {
    meter.gaugeBuilder("jvm.memory.heap.used").ofLongs().setUnit("By").buildWithCallback(m -> {
      MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
      m.record(heap.getUsed(), tags);
    });
    meter.gaugeBuilder("jvm.memory.heap.committed").ofLongs().setUnit("By").buildWithCallback(m ->
        m.record(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted(), tags));
    meter.gaugeBuilder("jvm.gc.count").ofLongs().buildWithCallback(m -> {
      long count = 0;
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        count += Math.max(0, gc.getCollectionCount());
      }
      m.record(count, tags);
    });
    meter.gaugeBuilder("jvm.gc.time").ofLongs().setUnit("ms").buildWithCallback(m -> {
      long time = 0;
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        time += Math.max(0, gc.getCollectionTime());
      }
      m.record(time, tags);
    });
    meter.gaugeBuilder("jvm.threads.count").ofLongs().buildWithCallback(m ->
        m.record(ManagementFactory.getThreadMXBean().getThreadCount(), tags));
    meter.gaugeBuilder("process.cpu.usage").buildWithCallback(m -> {
      java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
      if (os instanceof com.sun.management.OperatingSystemMXBean) {
        double load = ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuLoad();
        if (load >= 0) {
          m.record(load, tags);
        }
      }
    });
    File workingDirectory = new File(".").getAbsoluteFile();
    meter.gaugeBuilder("disk.free").ofLongs().setUnit("By").buildWithCallback(m ->
        m.record(workingDirectory.getUsableSpace(), tags));
  }

  /** The attribute sets of one route, made on first use per method and status. */
  private final class RouteAttributes {
    private final String route;
    private final AtomicReferenceArray<Bound> bound = new AtomicReferenceArray<>((HttpMethods.OTHER + 1) * STATUSES);
    private final AtomicReferenceArray<Attributes> slowByMethod = new AtomicReferenceArray<>(HttpMethods.OTHER + 1);
    private final Map<DbAttributes, Attributes> dbQuery = new ConcurrentHashMap<>();

    RouteAttributes(String route) {
      this.route = route;
    }

    Bound bound(int method, int status) {
      int slot = method * STATUSES + status;
      Bound b = bound.get(slot);
      if (b == null) {
        b = new Bound(HttpMethods.name(method, null), route, status, tags);
        bound.compareAndSet(slot, null, b);
        b = bound.get(slot);
      }
      return b;
    }

    Attributes slow(int method) {
      Attributes a = slowByMethod.get(method);
      if (a == null) {
        a = tags.toBuilder().put("method", HttpMethods.name(method, "other"))
            .put("route", route).build();
        slowByMethod.compareAndSet(method, null, a);
      }
      return a;
    }

    Attributes db(DbAttributes db) {
      Attributes a = dbQuery.get(db);
      if (a == null) {
        a = dbQuery.computeIfAbsent(db, d -> d.seed.toBuilder().put("route", route).build());
      }
      return a;
    }
  }

  /** The attribute sets one request of a route, method and status records with. */
  static final class Bound {
    final Attributes semconv;
    final Attributes request;
    final Attributes time;

    Bound(String method, String route, int status, Attributes tags) {
      String seedMethod = method == null ? "other" : method;
      String statusText = status == 0 ? "unknown" : Integer.toString(status);
      String statusClass = status == 0 ? "unknown" : (status / 100) + "xx";
      AttributesBuilder semconvBuilder = tags.toBuilder()
          .put(SpanMapper.HTTP_REQUEST_METHOD, method == null ? "_OTHER" : method)
          .put(SpanMapper.HTTP_ROUTE, route);
      if (status != 0) {
        semconvBuilder.put(SpanMapper.HTTP_RESPONSE_STATUS_CODE, (long) status);
      }
      if (status >= 500) {
        semconvBuilder.put(SpanMapper.ERROR_TYPE, statusText);
      }
      semconv = semconvBuilder.build();
      request = tags.toBuilder().put("method", seedMethod).put("route", route)
          .put("http_status", statusText).put("status_class", statusClass).build();
      time = tags.toBuilder().put("method", seedMethod).put("route", route)
          .put("status_class", statusClass).build();
    }

    /** Semconv: {@code error.type} is the exception class when one ended the request. */
    Attributes semconvWithError(Throwable thrown) {
      return semconv.toBuilder().put(SpanMapper.ERROR_TYPE, thrown.getClass().getName()).build();
    }
  }

  /** The attribute sets of one database system and operation. */
  static final class DbAttributes {
    final Attributes semconv;
    final Attributes seed;

    DbAttributes(String system, String operation, Attributes tags) {
      semconv = tags.toBuilder().put(SpanMapper.DB_SYSTEM_NAME, system)
          .put(SpanMapper.DB_OPERATION_NAME, operation).build();
      seed = tags.toBuilder().put("db_system", system).put("operation", operation).build();
    }
  }
}
