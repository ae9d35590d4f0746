package dev.reqtrace.agent.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.reqtrace.agent.config.Config;
import dev.reqtrace.bootstrap.Activation;
import dev.reqtrace.bootstrap.RequestScope;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

/**
 * A collector that closes a kept-alive connection as the next batch goes out on it (what an idle
 * timeout does when it fires at that moment) loses no batch: the exporter sends it again on a fresh
 * connection. A real loopback HTTP/1.1 server, driven by the real http/protobuf exporter.
 */
class ClosedConnectionRetryTest {

  @Test
  void aBatchSentOnAConnectionTheCollectorClosesArrivesOnTheNextConnection() throws Exception {
    try (ClosingCollector collector = new ClosingCollector()) {
      Config config = Config.resolve("exporter=otlp,otlp.endpoint=http://127.0.0.1:" + collector.port()
          + ",metrics.interval=1h", Map.of(), new Properties(), problem -> { throw new AssertionError(problem); });
      OtlpExporter exporter = OtlpExporter.start(config, NOPLogger.NOP_LOGGER);
      try {
        exporter.accept(finished(), "/first");
        collector.awaitTraces(1);
        // The second batch goes out on the same kept-alive connection, which the collector closes.
        exporter.accept(finished(), "/second");
        collector.awaitTraces(2);
        assertThat(collector.closedUnanswered.get()).as("batches the collector hung up on").isEqualTo(1);
        assertThat(collector.traceConnections()).as("connections of the answered trace batches")
            .containsExactly(1, 2);
        assertThat(exporter.dropped()).as("spans dropped").isZero();
      } finally {
        exporter.close();
      }
    }
  }

  @Test
  void onlyAConnectionLostBeforeTheAnswerIsRetried() {
    assertThat(ClosedConnectionRetry.closedBeforeAnswer(
        new IOException("HTTP/1.1 header parser received no bytes", new EOFException("EOF reached")))).isTrue();
    assertThat(ClosedConnectionRetry.closedBeforeAnswer(new SocketException("Connection reset"))).isTrue();
    assertThat(ClosedConnectionRetry.closedBeforeAnswer(new IOException(new ConnectException()))).isFalse();
    assertThat(ClosedConnectionRetry.closedBeforeAnswer(new HttpTimeoutException("request timed out"))).isFalse();
    assertThat(ClosedConnectionRetry.closedBeforeAnswer(new HttpConnectTimeoutException("connect"))).isFalse();
    assertThat(ClosedConnectionRetry.closedBeforeAnswer(new IOException("body too large"))).isFalse();
  }

  private static RequestScope finished() {
    Activation request = RequestScope.start("GET", "/r", null, null);
    request.end(200, null, null);
    return request.scope();
  }

  /**
   * The JDK's HTTP server, answering every request with an empty 200 on a kept-alive connection,
   * except that on the first connection that carried traces it reads the second traces request
   * whole and closes the exchange unanswered (which closes the connection).
   */
  private static final class ClosingCollector implements AutoCloseable {
    private final HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    /** Client ports in the order their connections were first seen: a connection's number. */
    private final List<Integer> connections = new CopyOnWriteArrayList<>();
    private final List<Integer> answeredTraces = new CopyOnWriteArrayList<>();
    final AtomicInteger closedUnanswered = new AtomicInteger();

    ClosingCollector() throws IOException {
      server.createContext("/", this::handle);
      server.start();
    }

    int port() {
      return server.getAddress().getPort();
    }

    List<Integer> traceConnections() {
      return answeredTraces;
    }

    void awaitTraces(int count) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (answeredTraces.size() < count) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("trace batches answered: " + answeredTraces + ", hung up on: " + closedUnanswered);
        }
        Thread.sleep(10);
      }
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
      try {
        exchange.getRequestBody().readAllBytes();
        int port = exchange.getRemoteAddress().getPort();
        if (!connections.contains(port)) {
          connections.add(port);
        }
        int number = connections.indexOf(port) + 1;
        boolean traces = exchange.getRequestURI().getPath().equals("/v1/traces");
        if (traces && answeredTraces.equals(List.of(number))) {
          closedUnanswered.incrementAndGet();
          return; // closed before any response: the JDK's server drops the connection
        }
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, -1);
        if (traces) {
          answeredTraces.add(number);
        }
      } finally {
        exchange.close();
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
