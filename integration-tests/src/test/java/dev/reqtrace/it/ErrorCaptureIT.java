package dev.reqtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Error capture on the demo app (Tomcat 11) with the StatsD exporter aimed at a loopback socket:
 * a failed request gets one ERROR report in the agent log whose URL shape, stack trace and request
 * ID are there while every planted secret (form body, query string, headers, a card number in
 * the path and in the exception message) is not, neither there nor in any StatsD datagram; and an
 * error storm gives a bounded number of lines that still account for every error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorCaptureIT {
  private static final String CARD = "4111111111111111";
  private static final String CARD_DASHES = "4111-1111-1111-1111";
  private static final String CARD_SPACES = "4111 1111 1111 1111";
  private static final String FORM_PASSWORD = "formPassw0rd-Planted";
  private static final String FORM_TOKEN = "formApiT0ken-Planted";
  private static final String QUERY_PASSWORD = "queryPassw0rd-Planted";
  private static final String QUERY_TOKEN = "queryApiT0ken-Planted";
  private static final String BEARER = "eyJbearerT0ken-Planted.payload.signature";
  private static final String SESSION = "SessionCookie0123456789Planted";
  private static final String HEADER_KEY = "headerApiKey-Planted";
  /** Everything that must never reach the agent's output, in any of its spellings. */
  private static final List<String> SECRETS = List.of(CARD, CARD_DASHES, CARD_SPACES,
      "4111+1111+1111+1111", "4111%201111", "1111-1111-1111", "1111 1111 1111", FORM_PASSWORD,
      FORM_TOKEN, QUERY_PASSWORD, QUERY_TOKEN, BEARER, "eyJbearer", SESSION, HEADER_KEY, "Planted");
  private static final int STORM = 10_000;
  private static final Duration SUMMARY_INTERVAL = Duration.ofSeconds(5);

  private DatagramSocket statsd;
  private OtlpReceiver otlp;
  private final List<String> datagrams = new ArrayList<>(); // guarded by itself
  private ForkedApp app;
  private HttpClient client;

  @BeforeAll
  void start() throws IOException {
    statsd = new DatagramSocket(null);
    statsd.setReceiveBufferSize(4 << 20);
    statsd.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread reader = new Thread(this::readDatagrams, "it-statsd-capture");
    reader.setDaemon(true);
    reader.start();

    // Tomcat logs every escaped exception with its stack trace: 10,000 of them would bury the
    // agent's lines (and this JVM's heap) in the app's own log, which is not under test here.
    Path quietLog = Files.createDirectories(Harness.moduleDir().resolve("target/it-logs"))
        .resolve("error-capture-logback.xml");
    Files.writeString(quietLog, """
        <configuration>
          <contextListener class="ch.qos.logback.classic.jul.LevelChangePropagator">
            <resetJUL>true</resetJUL>
          </contextListener>
          <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} rid=%X{request_id} - %msg%n</pattern></encoder>
          </appender>
          <logger name="org.apache.catalina.core" level="OFF"/>
          <root level="WARN"><appender-ref ref="CONSOLE"/></root>
        </configuration>
        """);
    Path jar = Harness.moduleDir().resolveSibling("demo-app").resolve("target/reqtrace-demo.jar")
        .normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("demo app not built: " + jar + " (mvn -q -pl demo-app package)");
    }
    otlp = OtlpReceiver.start("ErrorCaptureIT");
    int port = TestApp.freePort();
    app = ForkedApp.builder("ErrorCaptureIT-" + Harness.jdkLabel().replaceAll("[^A-Za-z0-9]+", ""))
        .sysProp("port", Integer.toString(port))
        .sysProp("logback.configurationFile", quietLog.toString())
        .sysProp("reqtrace.exporter", "log,statsd,otlp")
        .sysProp("reqtrace.otlp.endpoint", otlp.httpUrl())
        .sysProp("reqtrace.metrics.interval", "1s")
        .sysProp("reqtrace.statsd.port", Integer.toString(statsd.getLocalPort()))
        .sysProp("reqtrace.statsd.flush_interval", "100ms")
        .sysProp("reqtrace.error.summary_interval", SUMMARY_INTERVAL.toSeconds() + "s")
        .sysProp("reqtrace.slow.threshold", "60s")
        .expectAgentProblem("\\bERROR request error request_id=")
        .expectAgentProblem("\\bERROR \\.\\.\\. and [0-9,]+ more ")
        // The storm sends 10,000 spans faster than the receiver prints them: bounded queue, counted.
        .expectAgentProblem("WARN otlp exporter: span queue full, dropping spans")
        .launch("-jar", jar.toString())
        .readyWhenHttpOk(port, "/")
        .start();
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  @AfterEach
  void noUnexpectedAgentProblems() {
    app.assertNoUnexpectedAgentProblems();
  }

  @AfterAll
  void stop() {
    try {
      if (app != null) {
        app.close();
      }
    } finally {
      if (statsd != null) {
        statsd.close();
      }
      if (otlp != null) {
        otlp.close();
      }
    }
  }

  @Test
  void reportsAFailedCheckoutWithEverySecretMasked() throws Exception {
    int mark = app.mark();
    HttpResponse<String> first = post("/checkout/" + CARD_DASHES + "?password=" + QUERY_PASSWORD
        + "&access_token=" + QUERY_TOKEN + "&item=42", "card=4111+1111+1111+1111&password="
        + FORM_PASSWORD + "&api_token=" + FORM_TOKEN + "&item=42");
    // Another route, so storm control reports it in full too: the plain card in the path and the
    // dashed one in the message.
    HttpResponse<String> second = post("/checkout/retry/" + CARD, "card=" + CARD_DASHES);
    assertThat(first.statusCode()).isEqualTo(500);
    assertThat(second.statusCode()).isEqualTo(500);
    String id = first.headers().firstValue(Http.HEADER).orElseThrow();
    String secondId = second.headers().firstValue(Http.HEADER).orElseThrow();

    List<String> report = report(mark, id);
    assertThat(report.get(0)).matches("\\[reqtrace\\] \\S+ ERROR request error request_id=" + id
        + " method=POST url=http://127\\.0\\.0\\.1:" + app.port() + "/checkout/\\[REDACTED-CARD\\]"
        + "\\?password=\\[REDACTED\\]&access_token=\\[REDACTED\\]&item=42 route=/checkout/\\{id\\}"
        + " status=500 time=\\S+ duration_ms=\\S+ exception=java\\.lang\\.IllegalStateException");
    assertThat(report).contains(
        "[reqtrace]   header Authorization: [REDACTED]",
        "[reqtrace]   header Cookie: [REDACTED]",
        "[reqtrace]   header Content-Type: application/x-www-form-urlencoded",
        "[reqtrace]   param password=[REDACTED]",
        "[reqtrace]   param api_token=[REDACTED]",
        "[reqtrace]   param card=[REDACTED]",
        "[reqtrace]   java.lang.IllegalStateException: payment declined for card [REDACTED-CARD]");
    assertThat(report).anyMatch(l -> l.matches("\\[reqtrace\\]   param item=42(, 42)?"));
    assertThat(report).anyMatch(l -> l.matches("\\[reqtrace\\]   session \\(sha256 prefix\\): [0-9a-f]{16}"));
    assertThat(report).anyMatch(l -> l.startsWith(
        "[reqtrace]   \tat dev.reqtrace.demo.FailServlet.doPost(FailServlet.java:"));
    assertThat(report).noneMatch(l -> l.contains("X-Api-Key"));

    List<String> retry = report(mark, secondId);
    assertThat(retry.get(0)).contains(" url=http://127.0.0.1:" + app.port()
        + "/checkout/retry/[REDACTED-CARD] route=/checkout/retry/{id} status=500 ");
    assertThat(retry).contains(
        "[reqtrace]   java.lang.IllegalStateException: payment declined for card [REDACTED-CARD]");

    awaitStatsdErrors("route:/checkout/{id}");
    awaitStatsdErrors("route:/checkout/retry/{id}");
    awaitOtlpSpanOf(id);
    awaitOtlpSpanOf(secondId);
    assertNoSecrets();
  }

  @Test
  void tenThousandIdenticalErrorsGiveABoundedNumberOfLinesThatCountEveryOne() throws Exception {
    int mark = app.mark();
    long started = System.nanoTime();
    AtomicInteger failed = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < STORM / 4; i++) {
            if (get("/api/fail").statusCode() == 500) {
              failed.incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
    assertThat(failed).hasValue(STORM);

    // Every error is either reported in full or counted in a summary line; wait for the last one.
    Pattern summary = Pattern.compile("ERROR \\.\\.\\. and ([0-9,]+) more identical errors in the last "
        + SUMMARY_INTERVAL.toSeconds() + " s: java\\.lang\\.IllegalStateException at "
        + "dev\\.reqtrace\\.demo\\.FailServlet\\.doGet\\(FailServlet\\.java:\\d+\\) on GET /api/fail "
        + "\\(last request_id=[0-9a-f]{32}\\)$");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    long accounted;
    List<String> lines;
    do {
      lines = app.linesSince(mark).stream().filter(l -> l.startsWith(ForkedApp.AGENT_PREFIX)).toList();
      accounted = 0;
      for (String line : lines) {
        Matcher m = summary.matcher(line);
        if (m.find()) {
          accounted += Long.parseLong(m.group(1).replace(",", ""));
        } else if (line.contains(" ERROR request error ") && line.contains(" route=/api/fail ")) {
          accounted++;
        }
      }
      if (accounted < STORM) {
        Thread.sleep(200);
      }
    } while (accounted < STORM && System.nanoTime() < deadline);
    assertThat(accounted).as("errors reported or summarised").isEqualTo(STORM);

    long reports = lines.stream().filter(l -> l.contains(" ERROR request error ")).count();
    long summaries = lines.stream().filter(l -> summary.matcher(l).find()).count();
    long windows = seconds / SUMMARY_INTERVAL.toSeconds() + 2;
    assertThat(reports).as("full reports, one per %s window", SUMMARY_INTERVAL).isBetween(1L, windows);
    assertThat(summaries).isBetween(1L, windows);
    // A full report is the header, a few request lines and at most ~40 stack lines.
    assertThat(lines.size()).as("agent lines for %d errors", STORM).isLessThan((int) (60 * windows));
    awaitStatsdErrors("route:/api/fail");
    assertNoSecrets();
  }

  /**
   * The report of {@code id}: its header line and the continuation lines after it, up to its last
   * one (the demo's exceptions have no cause: the stack's bottom frame, {@code Thread.run}, or
   * {@code \t... n more} past the 25 frames shown). The agent writes a report at once, but its
   * lines arrive here one by one.
   */
  private List<String> report(int mark, String id) throws InterruptedException {
    String header = app.awaitLine(l -> l.contains(" ERROR request error request_id=" + id + " "),
        Duration.ofSeconds(30));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      List<String> lines = app.linesSince(mark);
      List<String> report = new ArrayList<>(List.of(header));
      for (int i = lines.indexOf(header) + 1; i < lines.size(); i++) {
        String line = lines.get(i);
        if (!line.startsWith("[reqtrace]   ")) {
          continue; // the app's own lines may land in between
        }
        report.add(line);
        if (line.matches("\\[reqtrace\\]   \t(\\.\\.\\. \\d+ more|at java\\.base/java\\.lang\\.Thread\\.run\\(.*)")) {
          return report;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("report of " + id + " incomplete: " + report);
      }
      Thread.sleep(50);
    }
  }

  /** Polls until the OTLP receiver printed the span of request {@code id} (its request ID attribute). */
  private void awaitOtlpSpanOf(String id) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (otlp.rawLines().stream().noneMatch(l -> l.startsWith("TRACE ") && l.contains(id))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no OTLP span of " + id + "; receiver problems: " + otlp.problems());
      }
      Thread.sleep(50);
    }
  }

  private void assertNoSecrets() {
    List<String> agentLines = app.lines().stream()
        .filter(l -> l.startsWith(ForkedApp.AGENT_PREFIX)).toList();
    List<String> sent;
    synchronized (datagrams) {
      sent = List.copyOf(datagrams);
    }
    assertThat(agentLines).isNotEmpty();
    assertThat(sent).isNotEmpty();
    List<String> exported = otlp.rawLines();
    assertThat(exported).isNotEmpty();
    for (String secret : SECRETS) {
      assertThat(agentLines).as("agent log lines containing " + secret)
          .noneMatch(l -> l.contains(secret));
      assertThat(exported).as("OTLP payloads containing " + secret)
          .noneMatch(l -> l.contains(secret));
      assertThat(sent).as("StatsD datagrams containing " + secret)
          .noneMatch(d -> d.contains(secret));
    }
  }

  private void awaitStatsdErrors(String routeTag) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      synchronized (datagrams) {
        for (String datagram : datagrams) {
          for (String line : datagram.split("\n")) {
            if (line.startsWith("http_request.error:") && line.contains(routeTag)
                && line.contains("exception:IllegalStateException")) {
              return;
            }
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no http_request.error for " + routeTag + " in " + datagrams);
  }

  private HttpResponse<String> post(String path, String form) throws Exception {
    return client.send(HttpRequest.newBuilder(uri(path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Authorization", "Bearer " + BEARER)
        .header("Cookie", "JSESSIONID=" + SESSION + "; lang=en")
        .header("X-Api-Key", HEADER_KEY)
        .header("User-Agent", "ErrorCaptureIT")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) {
    try {
      return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET()
          .build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + app.port() + path);
  }

  private void readDatagrams() {
    byte[] buffer = new byte[65_536];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    while (!statsd.isClosed()) {
      try {
        packet.setLength(buffer.length);
        statsd.receive(packet);
        String text = new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8);
        synchronized (datagrams) {
          datagrams.add(text);
        }
      } catch (SocketException closed) {
        return;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
