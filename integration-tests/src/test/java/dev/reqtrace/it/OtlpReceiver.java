package dev.reqtrace.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real OTLP receiver: {@code @elastic/mockotlpserver} (pinned in tools/package-lock.json, run by
 * src/test/resources/otlp/receiver.js) on free loopback ports, both OTLP/HTTP (protobuf) and
 * OTLP/gRPC. Every export it decodes arrives here as one JSON line and is kept as spans and metric
 * points. Missing node or receiver is an error, never a skip.
 */
final class OtlpReceiver implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("LISTENING http=(\\S+?)/? grpc=(\\S+?)/?$");

  private final Process process;
  private final PrintWriter logFile;
  private final List<Span> spans = new ArrayList<>(); // guarded by this
  private final List<Point> points = new ArrayList<>(); // guarded by this
  private final List<String> problems = new ArrayList<>(); // guarded by this
  private final List<String> raw = new ArrayList<>(); // guarded by this
  private String httpUrl;
  private String grpcUrl;

  private OtlpReceiver(Process process, PrintWriter logFile) {
    this.process = process;
    this.logFile = logFile;
    Thread pump = new Thread(this::read, "it-pump-otlp");
    pump.setDaemon(true);
    pump.start();
  }

  /** Starts the receiver and waits until both servers listen. */
  static OtlpReceiver start(String name) {
    Path tools = Harness.moduleDir().resolveSibling("tools").normalize();
    Path module = tools.resolve("node_modules/@elastic/mockotlpserver");
    if (!Files.isRegularFile(module.resolve("lib/index.js"))) {
      throw new AssertionError("the OTLP receiver is missing: " + module
          + " (run: bash scripts/install-test-deps.sh)");
    }
    Path script = Harness.moduleDir().resolve("src/test/resources/otlp/receiver.js");
    try {
      Path logs = Files.createDirectories(Harness.moduleDir().resolve("target/it-logs"));
      PrintWriter log = new PrintWriter(Files.newBufferedWriter(
          logs.resolve(name + "-" + OtlpDemoApp.jdk() + "-otlp.log")), true);
      Process process = new ProcessBuilder("node", script.toString(), module.toString())
          .redirectErrorStream(true).start();
      OtlpReceiver receiver = new OtlpReceiver(process, log);
      receiver.awaitListening(Duration.ofSeconds(30));
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the OTLP receiver (is node installed?)", e);
    }
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        logFile.println(line);
        try {
          accept(line);
        } catch (RuntimeException e) {
          // Keep reading: a dead pump would close the pipe and take the receiver down with EPIPE.
          synchronized (this) {
            problems.add("unreadable receiver line (" + e + "): " + line.substring(0, Math.min(200, line.length())));
            notifyAll();
          }
        }
      }
    } catch (IOException e) {
      synchronized (this) {
        problems.add("receiver pump: " + e);
        notifyAll();
      }
    }
  }

  private synchronized void accept(String line) {
    raw.add(line);
    Matcher listening = LISTENING.matcher(line);
    if (listening.find()) {
      httpUrl = listening.group(1);
      grpcUrl = listening.group(2);
    } else if (line.startsWith("TRACE ")) {
      spans.addAll(Span.all(OtlpJson.parse(line.substring(6))));
    } else if (line.startsWith("METRICS ")) {
      points.addAll(Point.all(OtlpJson.parse(line.substring(8))));
    } else if (!line.isBlank()) {
      problems.add(line);
    }
    notifyAll();
  }

  private synchronized void awaitListening(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (httpUrl == null) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !process.isAlive()) {
        close();
        throw new AssertionError("OTLP receiver did not start: " + problems);
      }
      waitNanos(left);
    }
  }

  /** Base URL of OTLP/HTTP, {@code http://127.0.0.1:<port>}. */
  String httpUrl() {
    return httpUrl;
  }

  /** URL of OTLP/gRPC, {@code http://127.0.0.1:<port>}. */
  String grpcUrl() {
    return grpcUrl;
  }

  /** Every line the receiver printed so far (its decoded OTLP payloads as JSON), verbatim. */
  synchronized List<String> rawLines() {
    return List.copyOf(raw);
  }

  /** Every span received so far. */
  synchronized List<Span> spans() {
    return List.copyOf(spans);
  }

  /** Waits until at least {@code count} received spans match; returns all that match by then. */
  synchronized List<Span> awaitSpans(Predicate<Span> matcher, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Span> found = spans.stream().filter(matcher).toList();
      if (found.size() >= count) {
        return found;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("expected " + count + " matching span(s), found " + found.size()
            + " among " + spans.size() + " received; receiver problems: " + problems);
      }
      waitNanos(left);
    }
  }

  /**
   * Waits until a received metric point matches (cumulative temporality: a later export carries the
   * totals); returns the latest matching one.
   */
  synchronized Point awaitPoint(Predicate<Point> matcher, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (int i = points.size() - 1; i >= 0; i--) {
        if (matcher.test(points.get(i))) {
          return points.get(i);
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no matching metric point among " + points.size()
            + " received; names: " + points.stream().map(Point::name).distinct().toList());
      }
      waitNanos(left);
    }
  }

  /** Lines the receiver printed that were not data (its own errors). */
  synchronized List<String> problems() {
    return List.copyOf(problems);
  }

  private void waitNanos(long nanos) {
    try {
      wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(nanos), 200)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    logFile.close();
  }

  /** A number or string attribute as text: {@code 200}, not {@code 200.0}. */
  static String text(Object value) {
    if (value instanceof Map<?, ?> m && m.containsKey("low")) {
      value = number(value);
    }
    if (value instanceof Double d && d == Math.rint(d)) {
      return Long.toString(d.longValue());
    }
    return value == null ? null : value.toString();
  }

  /**
   * A number as the receiver prints it: a JSON number, a string (int64 over http), or a protobufjs
   * Long {@code {low, high, unsigned}} (int64 over gRPC).
   */
  static double number(Object value) {
    if (value == null) {
      return 0;
    }
    if (value instanceof Double d) {
      return d;
    }
    if (value instanceof Map<?, ?> m && m.get("low") instanceof Double low && m.get("high") instanceof Double high) {
      return high * 4294967296.0 + (low.longValue() & 0xffffffffL);
    }
    return Double.parseDouble(value.toString());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map ? (Map<String, Object>) value : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return value instanceof List ? (List<Object>) value : List.of();
  }

  /** One received span, with its resource's attributes. */
  record Span(String traceId, String spanId, String parentSpanId, String name, String kind,
      String statusCode, Map<String, Object> attributes, List<Map<String, Object>> events,
      Map<String, Object> resource) {
    static List<Span> all(Object request) {
      List<Span> out = new ArrayList<>();
      for (Object rs : list(map(request).get("resourceSpans"))) {
        Map<String, Object> resource = map(map(map(rs).get("resource")).get("attributes"));
        for (Object ss : list(map(rs).get("scopeSpans"))) {
          for (Object s : list(map(ss).get("spans"))) {
            Map<String, Object> span = map(s);
            List<Map<String, Object>> events = new ArrayList<>();
            for (Object e : list(span.get("events"))) {
              events.add(map(e));
            }
            Object parent = span.get("parentSpanId");
            out.add(new Span((String) span.get("traceId"), (String) span.get("spanId"),
                parent == null || "".equals(parent) ? null : parent.toString(),
                (String) span.get("name"), (String) span.get("kind"),
                (String) map(span.get("status")).getOrDefault("code", "STATUS_CODE_UNSET"),
                map(span.get("attributes")), events, resource));
          }
        }
      }
      return out;
    }

    /** An attribute as text. */
    String attr(String name) {
      return text(attributes.get(name));
    }
  }

  /** One received metric data point: its metric name, unit, attributes and count or value. */
  record Point(String name, String unit, String type, Map<String, Object> attributes, double value,
      Map<String, Object> resource) {
    static List<Point> all(Object request) {
      List<Point> out = new ArrayList<>();
      for (Object rm : list(map(request).get("resourceMetrics"))) {
        Map<String, Object> resource = map(map(map(rm).get("resource")).get("attributes"));
        for (Object sm : list(map(rm).get("scopeMetrics"))) {
          for (Object m : list(map(sm).get("metrics"))) {
            Map<String, Object> metric = map(m);
            for (String type : List.of("sum", "gauge", "histogram")) {
              for (Object p : list(map(metric.get(type)).get("dataPoints"))) {
                Map<String, Object> point = map(p);
                Object value = type.equals("histogram") ? point.get("count")
                    : point.containsKey("asInt") ? point.get("asInt") : point.get("asDouble");
                out.add(new Point((String) metric.get("name"), (String) metric.get("unit"), type,
                    map(point.get("attributes")), number(value), resource));
              }
            }
          }
        }
      }
      return out;
    }

    /** An attribute as text. */
    String attr(String name) {
      return text(attributes.get(name));
    }
  }
}
