package dev.reqtrace.agent.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reqtrace.agent.config.Config;
import dev.reqtrace.bootstrap.Activation;
import dev.reqtrace.bootstrap.RequestScope;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
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
   * Answers every request with an empty 200 and keeps the connection, except that on the first
   * connection that carried traces it reads the second request whole and closes without answering.
   */
  private static final class ClosingCollector implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Integer> answeredTraces = new CopyOnWriteArrayList<>();
    final AtomicInteger closedUnanswered = new AtomicInteger();

    ClosingCollector() throws IOException {
      Thread acceptor = new Thread(this::acceptAll, "closing-collector");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
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

    private void acceptAll() {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          int number = connections.incrementAndGet();
          Thread handler = new Thread(() -> serve(socket, number), "closing-collector-" + number);
          handler.setDaemon(true);
          handler.start();
        } catch (IOException closed) {
          return;
        }
      }
    }

    private void serve(Socket socket, int number) {
      try (Socket s = socket) {
        InputStream in = new BufferedInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        int tracesHere = 0;
        String path;
        while ((path = readRequest(in)) != null) {
          if (path.equals("/v1/traces") && ++tracesHere == 2 && answeredTraces.equals(List.of(number))) {
            closedUnanswered.incrementAndGet();
            return;
          }
          out.write("HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 0\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          if (path.equals("/v1/traces")) {
            answeredTraces.add(number);
          }
        }
      } catch (IOException ignored) {
        // the client went away
      }
    }

    /** The request's path after reading its headers and body; null at the end of the stream. */
    private static String readRequest(InputStream in) throws IOException {
      String requestLine = readLine(in);
      if (requestLine == null) {
        return null;
      }
      int length = 0;
      for (String header = readLine(in); header != null && !header.isEmpty(); header = readLine(in)) {
        if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
          length = Integer.parseInt(header.substring(15).trim());
        }
      }
      if (in.readNBytes(length).length < length) {
        return null;
      }
      return requestLine.split(" ")[1];
    }

    private static String readLine(InputStream in) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
        }
        if (b != '\r') {
          line.write(b);
        }
      }
      return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
