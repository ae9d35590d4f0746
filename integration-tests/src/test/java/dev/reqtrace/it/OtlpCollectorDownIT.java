package dev.reqtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * DESIGN: "A dead or slow collector costs the app nothing". 10,000 requests against a collector
 * that refuses connections, or that accepts TCP and never answers (black hole), over http/protobuf
 * and gRPC: every request succeeds, throughput stays near the exporter-less run of the same test,
 * the heap stays within a small {@code -Xmx}, the agent says so in at most three lines, and the
 * application's log shows nothing of it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OtlpCollectorDownIT {
  private static final int WARM_UP = 1_000;
  private static final int REQUESTS = 10_000;
  private static final int CLIENTS = 4;
  private static final String OTLP_LINE = "otlp exporter";

  private double baseline;

  @BeforeAll
  void measureWithoutTheExporter() {
    ForkedApp app = start("baseline", "none", null);
    try {
      baseline = throughput(app);
      app.assertNoUnexpectedAgentProblems();
    } finally {
      app.close();
    }
    report("baseline (exporter=none)", baseline);
  }

  @Test
  void refusedHttpCollectorCostsNothing() {
    int port = TestApp.freePort(); // nothing listens there
    check("refused, http/protobuf", "http/protobuf", "http://127.0.0.1:" + port);
  }

  @Test
  void blackHoledHttpCollectorCostsNothing() {
    try (BlackHole hole = BlackHole.open()) {
      check("black hole, http/protobuf", "http/protobuf", "http://127.0.0.1:" + hole.port());
    }
  }

  @Test
  void blackHoledGrpcCollectorCostsNothing() {
    try (BlackHole hole = BlackHole.open()) {
      check("black hole, grpc", "grpc", "http://127.0.0.1:" + hole.port());
    }
  }

  private void check(String run, String protocol, String endpoint) {
    ForkedApp app = start(run.replaceAll("[^a-z]+", "-"), protocol, endpoint);
    try {
      double rate = throughput(app);
      report(run, rate);
      // The first failure is reported once the first export gave up (timeout 10 s for the hole).
      app.awaitLine(l -> l.contains(OTLP_LINE), Duration.ofSeconds(40));
      List<String> lines = app.lines().stream().filter(l -> l.contains(OTLP_LINE)).toList();
      assertThat(lines).as("agent lines about the collector").hasSizeBetween(1, 3);
      assertThat(lines).allMatch(l -> l.startsWith(ForkedApp.AGENT_PREFIX) && !l.contains("\tat "));
      app.assertNoUnexpectedAgentProblems();
      assertThat(OtlpDemoApp.openTelemetryLinesInAppLog(app)).as("the app's log").isEmpty();
      assertThat(app.lines().stream().filter(l -> !l.startsWith(ForkedApp.AGENT_PREFIX))
          .filter(l -> l.contains("Exception") || l.startsWith("\tat ")))
          .as("exceptions in the app's output").isEmpty();
      assertThat(app.isAlive()).as("alive after %d requests in -Xmx96m", WARM_UP + REQUESTS).isTrue();
      // Tolerant on purpose: two JVMs on a shared two-core machine differ by tens of percent with
      // no exporter at all; a request thread waiting on the collector would cost far more.
      assertThat(rate).as("requests/s vs %.0f without the exporter", baseline)
          .isGreaterThan(baseline * 0.5);
    } finally {
      app.close();
    }
  }

  private static ForkedApp start(String name, String protocol, String endpoint) {
    return OtlpDemoApp.start("OtlpCollectorDownIT-" + name, b -> {
      b.jvmArg("-Xmx96m")
          .sysProp("reqtrace.slow.threshold", "60s")
          .sysProp("reqtrace.n_plus_one.threshold", "1000");
      if (endpoint == null) {
        return b.sysProp("reqtrace.exporter", "none");
      }
      return b.sysProp("reqtrace.exporter", "otlp")
          .sysProp("reqtrace.otlp.protocol", protocol)
          .sysProp("reqtrace.otlp.endpoint", endpoint)
          .expectAgentProblem("WARN " + OTLP_LINE + ": ");
    });
  }

  /** Requests per second over {@link #REQUESTS} after a warm-up, {@link #CLIENTS} at a time; all 200. */
  private static double throughput(ForkedApp app) {
    Http http = new Http(app.port());
    run(http, WARM_UP);
    long start = System.nanoTime();
    run(http, REQUESTS);
    return REQUESTS / ((System.nanoTime() - start) / 1e9);
  }

  private static void run(Http http, int total) {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        clients.add(pool.submit(() -> {
          for (int i; (i = next.getAndIncrement()) < total; ) {
            int status = http.get("/owners/" + (1 + i % 10)).status();
            assertThat(status).as("request %d", i).isEqualTo(200);
          }
          return null;
        }));
      }
      for (Future<?> client : clients) {
        client.get();
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      pool.shutdownNow();
    }
  }

  private void report(String run, double rate) {
    String line = String.format(Locale.ROOT, "%s [%s]: %.0f requests/s over %d requests (%d clients)%s%n",
        run, OtlpDemoApp.jdk(), rate, REQUESTS, CLIENTS,
        baseline > 0 && rate != baseline ? String.format(Locale.ROOT, ", %.1f%% of baseline", 100 * rate / baseline) : "");
    System.out.print("OtlpCollectorDownIT " + line);
    try {
      Files.writeString(Files.createDirectories(Harness.moduleDir().resolve("target/it-logs"))
              .resolve("OtlpCollectorDownIT-throughput.txt"), line, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Accepts TCP connections on loopback and never reads or answers. */
  static final class BlackHole implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> held = new ArrayList<>();
    private final Thread acceptor;

    private BlackHole(ServerSocket server) {
      this.server = server;
      this.acceptor = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            Socket socket = server.accept();
            synchronized (held) {
              held.add(socket);
            }
          } catch (IOException closed) {
            return;
          }
        }
      }, "it-black-hole");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    static BlackHole open() {
      try {
        return new BlackHole(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() {
      try {
        server.close();
        synchronized (held) {
          for (Socket socket : held) {
            socket.close();
          }
        }
      } catch (IOException ignored) {
        // test clean-up
      }
    }
  }
}
