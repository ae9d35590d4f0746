package dev.reqtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the agent puts on the wire, captured raw on loopback: every dogstatsd and telegraf line
 * parses with a strict grammar, no datagram exceeds {@code reqtrace.statsd.max_packet}, sampled
 * timers carry {@code |@0.5} and scale back to the request count, and hostile route and tag
 * values never add or break a line.
 */
class StatsdWireIT {
  /** Requests to /owners/{id}: one statement each. */
  private static final int REQUESTS = 400;
  private static final double SAMPLE_RATE = 0.5;

  /** {@code reqtrace.tags} with separators of both formats, a newline and non-ASCII. */
  private static final String HOSTILE_TAGS = "te|am:a|b#c,sp ace:\u00fc \u00f1@x=y:z,nl:one\ntwo";

  /**
   * Request targets whose path reaches the route name: a 405 (POST to the static servlet) is
   * routed by its path, a 404 would be "unmatched". Tomcat itself answers 400 to raw {@code |},
   * {@code #}, non-ASCII bytes and {@code %00}, before any servlet; they are sent anyway.
   */
  private static final List<String> HOSTILE_PATHS = List.of("/a:b,c", "/a%0Ab%0D%0A",
      "/p%7Cq%23r%2C", "/x@y=z+~!$&'()*", "/sp%20ace", "/caf%C3%A9", "/a|b", "/a#b",
      "/caf\u00c3\u00a9" /* the UTF-8 bytes of "café", sent raw */, "/n%00ul");

  /** Metric names the agent sends; anything else on the wire is a broken or injected line. */
  private static final Map<String, List<String>> TAG_KEYS = new LinkedHashMap<>();

  static {
    List<String> none = List.of();
    TAG_KEYS.put("http_request", List.of("method", "route", "http_status", "status_class"));
    TAG_KEYS.put("http_request.response_time", List.of("method", "route", "status_class"));
    TAG_KEYS.put("http_request.slow", List.of("method", "route"));
    TAG_KEYS.put("http_request.error", List.of("route", "exception"));
    TAG_KEYS.put("db.query", List.of("db_system", "operation", "route"));
    TAG_KEYS.put("db.query.time", List.of("db_system", "operation"));
    TAG_KEYS.put("reqtrace.dropped", List.of("exporter"));
    for (String gauge : List.of("jvm.memory.heap.used", "jvm.memory.heap.committed",
        "jvm.gc.count", "jvm.gc.time", "jvm.threads.count", "process.cpu.usage",
        "process.memory.rss", "disk.free", "http_request.active")) {
      TAG_KEYS.put(gauge, none);
    }
  }

  private static final Set<String> SAMPLED = Set.of("http_request.response_time", "db.query.time");

  /** One captured run per wire format; 512 is the smallest max_packet the agent accepts. */
  enum Run {
    DOGSTATSD_512("dogstatsd", 512,
        "service:wire,te_am:a_b_c,sp_ace:_@x=y:z,nl:one_two"),
    TELEGRAF_1432("telegraf", 1432,
        "service=wire,te_am=a_b_c,sp_ace=_@x_y_z,nl=one_two");

    final String format;
    final int maxPacket;
    /** The global tags as they must appear, cleaned, after the meter's own tags. */
    final String globalTags;

    Run(String format, int maxPacket, String globalTags) {
      this.format = format;
      this.maxPacket = maxPacket;
      this.globalTags = globalTags;
    }
  }

  // name:value|type[|@rate][|#k:v,...]; tag characters per exporter-statsd/README.md.
  private static final String VALUE = "-?[0-9]+(?:\\.[0-9]{1,6})?";
  private static final String NAME = "[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*";
  private static final String RATE = "(?:\\|@(0\\.[0-9]+|1))?";
  private static final Pattern DOGSTATSD = Pattern.compile("(" + NAME + "):(" + VALUE
      + ")\\|(c|g|ms|h|s|d)" + RATE
      + "(?:\\|#([A-Za-z0-9_./-]+:[A-Za-z0-9_./:{}@+=~-]+(?:,[A-Za-z0-9_./-]+:[A-Za-z0-9_./:{}@+=~-]+)*))?");
  private static final Pattern TELEGRAF = Pattern.compile("(" + NAME
      + ")((?:,[A-Za-z0-9_./-]+=[A-Za-z0-9_./{}@+~-]+)*):(" + VALUE + ")\\|(c|g|ms|h|s)" + RATE);

  @ParameterizedTest
  @EnumSource(Run.class)
  void everyLineParsesAndFitsTheDatagram(Run run) {
    try (UdpCapture capture = UdpCapture.start()) {
      ForkedApp app = DemoJar.start("StatsdWireIT-" + run.name(), b -> b
          .agentArgs("exporter=statsd,statsd.format=" + run.format + ",statsd.port=" + capture.port()
              + ",statsd.max_packet=" + run.maxPacket + ",statsd.sample_rate=" + SAMPLE_RATE
              + ",statsd.flush_interval=200ms,metrics.interval=1s,service=wire"
              + ",slow.threshold=60s,n_plus_one.threshold=1000")
          .sysProp("reqtrace.tags", HOSTILE_TAGS)
          // The 501 Tomcat answers to the method FOO|# is a 5xx: it may get the agent's error
          // report (the 400s for raw '|', '#' and non-ASCII are the client's and get none).
          .expectAgentProblem("ERROR request error "));
      try {
        Http http = new Http(app.port());
        for (int i = 0; i < REQUESTS; i++) {
          assertThat(http.get("/owners/" + (1 + i % 10)).status()).isEqualTo(200);
        }
        List<String> statuses = new ArrayList<>();
        for (String path : HOSTILE_PATHS) {
          statuses.add(path + " " + raw(app.port(), "POST", path));
        }
        statuses.add("FOO|# /m " + raw(app.port(), "FOO|#", "/m"));

        // Counters are exact (summed in the agent, never sampled): wait for the full count.
        capture.await(l -> requestCount(parse(run, l, new ArrayList<>())) >= REQUESTS,
            Duration.ofSeconds(30), REQUESTS + " counted requests");
        // Each hostile request may land in a later flush than the first: wait for all of them.
        List<String> hostileRoutes = List.of(
            "/a:b_c".replace(":", run.format.equals("telegraf") ? "_" : ":"),
            "/x@y" + (run.format.equals("telegraf") ? "_" : "=") + "z+~_");
        capture.await(l -> parse(run, l, new ArrayList<>()).stream()
            .filter(line -> line.name.equals("http_request") && line.tag("http_status").equals("405"))
            .map(line -> line.tag("route")).collect(java.util.stream.Collectors.toSet())
            .containsAll(hostileRoutes),
            Duration.ofSeconds(30), "the hostile requests (405) counted; statuses " + statuses);
        List<String> broken = new ArrayList<>();
        List<Line> lines = parse(run, capture.lines(), broken);
        app.assertNoUnexpectedAgentProblems();

        assertThat(broken).as("lines outside the %s grammar", run.format).isEmpty();
        for (byte[] datagram : capture.datagrams()) {
          assertThat(datagram.length).as("datagram size").isLessThanOrEqualTo(run.maxPacket);
          String text = new String(datagram, StandardCharsets.ISO_8859_1);
          assertThat(text).as("printable ASCII lines only").matches("[\\x20-\\x7e\n]*");
        }
        assertThat(requestCount(lines)).as("http_request total of /owners/{id}").isEqualTo(REQUESTS);
        for (Line line : lines) {
          assertThat(TAG_KEYS).as("known metric").containsKey(line.name);
          List<String> keys = new ArrayList<>(TAG_KEYS.get(line.name));
          keys.addAll(List.of("service", "te_am", "sp_ace", "nl"));
          assertThat(line.tagKeys()).as("tag keys of %s", line.raw).isEqualTo(keys);
          assertThat(line.tags).as("global tags of %s", line.raw).endsWith(run.globalTags);
          assertThat(line.rate).as("sample rate of %s", line.raw)
              .isEqualTo(SAMPLED.contains(line.name) ? "0.5" : null);
        }
        // Each hostile path that reached a servlet has its own route, cleaned, on one line.
        assertThat(lines.stream().filter(l -> l.name.equals("http_request"))
            .map(l -> l.tag("route")).distinct())
            .as("routes; statuses " + statuses)
            .containsAll(hostileRoutes);

        // Sampled timers: each kept sample is one line marked |@0.5; scaled back, about REQUESTS.
        for (String timer : List.of("http_request.response_time", "db.query.time")) {
          long kept = lines.stream().filter(l -> l.name.equals(timer)
              && (timer.equals("db.query.time") || l.tag("route").equals("/owners/{id}"))).count();
          assertThat(kept / SAMPLE_RATE).as("%s samples scaled by 1/rate", timer)
              .isBetween(REQUESTS * 0.75, REQUESTS * 1.25);
        }
      } finally {
        app.close();
      }
    }
  }

  private static long requestCount(List<Line> lines) {
    return lines.stream()
        .filter(l -> l.name.equals("http_request") && "/owners/{id}".equals(l.tag("route")))
        .mapToLong(l -> Long.parseLong(l.value)).sum();
  }

  /** Parses every line; the ones outside the grammar go to {@code broken}. */
  private static List<Line> parse(Run run, List<String> raw, List<String> broken) {
    List<Line> lines = new ArrayList<>();
    for (String text : raw) {
      if (run.format.equals("dogstatsd")) {
        Matcher m = DOGSTATSD.matcher(text);
        if (m.matches()) {
          lines.add(new Line(text, m.group(1), m.group(2), m.group(4),
              m.group(5) == null ? "" : m.group(5), ':'));
          continue;
        }
      } else {
        Matcher m = TELEGRAF.matcher(text);
        if (m.matches()) {
          lines.add(new Line(text, m.group(1), m.group(3), m.group(5),
              m.group(2).isEmpty() ? "" : m.group(2).substring(1), '='));
          continue;
        }
      }
      broken.add(text.isEmpty() ? "<empty line>" : text);
    }
    return lines;
  }

  /** One parsed line; {@code tags} is the raw tag list, {@code k:v,...} or {@code k=v,...}. */
  private record Line(String raw, String name, String value, String rate, String tags, char sep) {
    List<String> tagKeys() {
      List<String> keys = new ArrayList<>();
      for (String tag : tags.split(",")) {
        keys.add(tag.substring(0, tag.indexOf(sep)));
      }
      return keys;
    }

    String tag(String key) {
      for (String tag : tags.split(",")) {
        if (tag.startsWith(key + sep)) {
          return tag.substring(key.length() + 1);
        }
      }
      return null;
    }
  }

  /** Sends one request line as raw bytes (ISO-8859-1 chars) and returns the status line. */
  private static String raw(int port, String method, String target) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream status = new ByteArrayOutputStream();
      for (int c; (c = in.read()) >= 0 && c != '\r'; ) {
        status.write(c);
      }
      in.readAllBytes();
      return status.toString(StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + target + " failed", e);
    }
  }
}
