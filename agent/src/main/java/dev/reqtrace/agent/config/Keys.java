package dev.reqtrace.agent.config;

import dev.reqtrace.bootstrap.DbStats;
import dev.reqtrace.statsd.StatsdConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every configuration key of the agent, in the order of the printed table. Adding a key means
 * adding a constant here and to {@link #all()}; the README table test then asks for a refresh.
 */
public final class Keys {
  private Keys() {}

  /** The {@code <name>} of each generated {@code reqtrace.instrumentation.<name>.enabled} key. */
  public static final List<String> INSTRUMENTATIONS = List.of("servlet", "jdbc", "async");

  /** RFC 9110 token characters; the length cap keeps a typo'd paste out of every response. */
  private static final Pattern HTTP_TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");

  public static final Key<String> CONFIG = Key.string("reqtrace.config", "",
      "Path of a properties file of further `reqtrace.*` keys, below agent arguments, system properties and environment; empty reads no file.");

  public static final Key<String> SERVICE = Key.string("reqtrace.service", "",
      "Service name on every metric and span; empty takes `OTEL_SERVICE_NAME`, else `service.name` of the resource attributes, else the main jar or class name.")
      .withOtelAlias("OTEL_SERVICE_NAME");

  public static final Key<List<String>> EXPORTER = Key.choices("reqtrace.exporter", "log",
      List.of("log", "statsd", "otlp", "none"),
      "Where metrics and spans go: a comma list of `log`, `statsd`, `otlp`, or `none` alone; slow, N+1 and error reports go to the agent log regardless.");

  public static final Key<String> REQUEST_ID_HEADER = Key.matching("reqtrace.request_id.header", "X-Request-ID",
      HTTP_TOKEN, "an HTTP header name (letters, digits, !#$%&'*+-.^_`|~; at most 64)",
      "HTTP header that carries the request ID in from clients and out on every response.");

  // Every duration has a maximum, stated in its meaning: past about 2,562,047h Duration.toNanos()
  // throws wherever the value is used. Thresholds and report intervals stop at a day; the metric
  // interval at an hour (rarer points say little); the StatsD flush where StatsdConfig does; the
  // OTLP timeout at 10 minutes, as exports go one at a time and grpc-timeout holds 8 digits.

  public static final Key<Duration> SLOW_THRESHOLD = Key.duration("reqtrace.slow.threshold", "1s",
      Duration.ZERO, Duration.ofHours(24),
      "Requests at least this long get a WARN report, the slow flag and a slow count; at most `24h`, and `0` turns all three off.");

  // At most the statements a request keeps one by one, which are what the N+1 check counts: a
  // higher threshold could never be reached.
  public static final Key<Integer> N_PLUS_ONE_THRESHOLD = Key.integer("reqtrace.n_plus_one.threshold", 10,
      2, DbStats.MAX_SPANS,
      "A request that runs the same normalized SQL statement at least this many times gets an N+1 report; from `2` to `1000` (the N+1 check counts the first 1000 statements of a request).");

  public static final Key<Integer> MAX_ROUTES = Key.integer("reqtrace.max_routes", 500, 1, Integer.MAX_VALUE,
      "Distinct routes tracked before further new routes are named `other`, which caps metric cardinality.");

  public static final Key<Map<String, String>> TAGS = Key.tags("reqtrace.tags", "",
      "Global tags on every metric as comma-separated `key:value` pairs, e.g. `env:prod,region:eu`.");

  public static final Key<String> LOG_LEVEL = Key.choice("reqtrace.log.level", "info",
      List.of("trace", "debug", "info", "warn", "error", "off"),
      "Level of the agent's own log: `trace`, `debug`, `info`, `warn`, `error` or `off`.");

  public static final Key<String> LOG_FILE = Key.string("reqtrace.log.file", "",
      "File that also receives the agent log, appended to (created if missing, not its directory); empty logs to stderr only.");

  public static final Key<Duration> LOG_SUMMARY_INTERVAL = Key.duration("reqtrace.log.summary_interval", "60s",
      Duration.ZERO, Duration.ofHours(24),
      "How often the agent log gets a one-line summary of requests, slow requests and drops; at most `24h`, and `0` turns it off.");

  public static final Key<Duration> METRICS_INTERVAL = Key.duration("reqtrace.metrics.interval", "10s",
      Duration.ofSeconds(1), Duration.ofHours(1),
      "How often the JVM, process and disk gauges are sampled and sent, from `1s` to `1h`.");

  public static final Key<String> STATSD_HOST = Key.string("reqtrace.statsd.host", "127.0.0.1",
      "Host name or IP address of the StatsD daemon.");

  public static final Key<Integer> STATSD_PORT = Key.integer("reqtrace.statsd.port", 8125, 1, 65535,
      "UDP port of the StatsD daemon.");

  public static final Key<String> STATSD_FORMAT = Key.choice("reqtrace.statsd.format", "dogstatsd",
      List.of("dogstatsd", "telegraf", "etsy"),
      "StatsD line format: `dogstatsd` (tags after `|#`), `telegraf` (tags after the name) or `etsy` (tag values folded into the name).");

  public static final Key<String> STATSD_PREFIX = Key.string("reqtrace.statsd.prefix", "",
      "Prefix of every StatsD metric name, e.g. `shop` for `shop.http_request`; empty adds none.");

  public static final Key<Double> STATSD_SAMPLE_RATE = Key.decimal("reqtrace.statsd.sample_rate", 1.0, 0, 1,
      "Fraction of timer samples sent to StatsD (marked @rate so the daemon scales them back up), above 0 and at most 1; counters are summed in the agent and always sent exactly.");

  public static final Key<Integer> STATSD_MAX_PACKET = Key.integer("reqtrace.statsd.max_packet", 1432, 512, 65507,
      "Largest StatsD datagram in bytes; lines are packed up to it, and 1432 fits a 1500-byte MTU.");

  public static final Key<Duration> STATSD_FLUSH_INTERVAL = Key.duration("reqtrace.statsd.flush_interval", "1s",
      Duration.ofMillis(10), StatsdConfig.MAX_FLUSH_INTERVAL,
      "Longest time a partly filled StatsD datagram waits before it is sent, from `10ms` to `1h`.");

  public static final Key<Integer> STATSD_QUEUE_SIZE = Key.integer("reqtrace.statsd.queue_size", 8192, 64, 1048576,
      "StatsD lines buffered for the sender thread; past it lines are dropped and counted in `reqtrace.dropped`, never blocking a request.");

  public static final Key<String> OTLP_ENDPOINT = Key.url("reqtrace.otlp.endpoint", "",
      "Base URL of the OTLP collector, `/v1/traces` and `/v1/metrics` appended for http/protobuf; empty means http://localhost:4318, or :4317 for grpc; falls back to `OTEL_EXPORTER_OTLP_ENDPOINT`.")
      .withOtelAlias("OTEL_EXPORTER_OTLP_ENDPOINT");

  public static final Key<String> OTLP_PROTOCOL = Key.choice("reqtrace.otlp.protocol", "http/protobuf",
      List.of("http/protobuf", "grpc"),
      "OTLP transport, `http/protobuf` or `grpc`; falls back to `OTEL_EXPORTER_OTLP_PROTOCOL`.")
      .withOtelAlias("OTEL_EXPORTER_OTLP_PROTOCOL");

  public static final Key<Map<String, String>> OTLP_HEADERS = Key.headers("reqtrace.otlp.headers", "",
      "Headers sent with every OTLP export as comma-separated `key=value` pairs, e.g. an API key, never logged; falls back to `OTEL_EXPORTER_OTLP_HEADERS`.")
      .withOtelAlias("OTEL_EXPORTER_OTLP_HEADERS");

  public static final Key<Map<String, String>> OTLP_RESOURCE_ATTRIBUTES = Key.pairs(
      "reqtrace.otlp.resource_attributes", "",
      "Extra OpenTelemetry resource attributes as comma-separated `key=value` pairs; falls back to `OTEL_RESOURCE_ATTRIBUTES`.")
      .withOtelAlias("OTEL_RESOURCE_ATTRIBUTES");

  public static final Key<Duration> OTLP_TIMEOUT = Key.duration("reqtrace.otlp.timeout", "10s",
      Duration.ofMillis(1), Duration.ofMinutes(10),
      "Longest wait for the collector to accept one OTLP export before it counts as failed, from `1ms` to `10m`.");

  public static final Key<List<String>> SCRUB_KEYS = Key.list("reqtrace.scrub.keys",
      "password,passwd,pwd,secret,*key,*token*,*session*,*auth*,*credit*,*card*,cvv,ssn,cookie,set-cookie,authorization",
      "Query parameters and headers whose values are masked in reports, case-insensitive, `*` matching any run of characters; setting it replaces this list, and `authorization`, `proxy-authorization`, `cookie` and `set-cookie` are masked whatever it says.");

  public static final Key<Duration> ERROR_SUMMARY_INTERVAL = Key.duration("reqtrace.error.summary_interval", "60s",
      Duration.ofSeconds(1), Duration.ofHours(24),
      "Identical errors (same exception class, route and top frame) get one full ERROR report per interval, from `1s` to `24h`; the rest are counted in one summary line when it ends.");

  private static final Map<String, Key<Boolean>> INSTRUMENTATION_ENABLED;

  static {
    Map<String, Key<Boolean>> enabled = new LinkedHashMap<>();
    for (String name : INSTRUMENTATIONS) {
      enabled.put(name, Key.bool("reqtrace.instrumentation." + name + ".enabled", true,
          "`false` leaves the " + name + " instrumentation out: its classes are not transformed."));
    }
    INSTRUMENTATION_ENABLED = Collections.unmodifiableMap(enabled);
  }

  private static final List<Key<?>> ALL;

  static {
    List<Key<?>> all = new ArrayList<>(List.of(CONFIG, SERVICE, EXPORTER, REQUEST_ID_HEADER, SLOW_THRESHOLD,
        N_PLUS_ONE_THRESHOLD, MAX_ROUTES, TAGS, LOG_LEVEL, LOG_FILE, LOG_SUMMARY_INTERVAL, METRICS_INTERVAL,
        STATSD_HOST, STATSD_PORT, STATSD_FORMAT, STATSD_PREFIX, STATSD_SAMPLE_RATE, STATSD_MAX_PACKET,
        STATSD_FLUSH_INTERVAL, STATSD_QUEUE_SIZE, OTLP_ENDPOINT, OTLP_PROTOCOL, OTLP_HEADERS,
        OTLP_RESOURCE_ATTRIBUTES, OTLP_TIMEOUT, SCRUB_KEYS, ERROR_SUMMARY_INTERVAL));
    all.addAll(INSTRUMENTATION_ENABLED.values());
    ALL = Collections.unmodifiableList(all);
  }

  /** Every key, the generated {@code reqtrace.instrumentation.<name>.enabled} keys last. */
  public static List<Key<?>> all() {
    return ALL;
  }

  /**
   * The {@code reqtrace.instrumentation.<name>.enabled} key.
   *
   * @throws IllegalArgumentException when {@code name} is not in {@link #INSTRUMENTATIONS}: a new
   *     instrumentation must be listed there so operators can find and turn off its key
   */
  public static Key<Boolean> instrumentationEnabled(String name) {
    Key<Boolean> key = INSTRUMENTATION_ENABLED.get(name);
    if (key == null) {
      throw new IllegalArgumentException("instrumentation '" + name + "' is not in Keys.INSTRUMENTATIONS");
    }
    return key;
  }
}
