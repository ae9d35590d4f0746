package dev.reqtrace.agent.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcSenderConfig;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * The hand-written gRPC sender against a real loopback socket that speaks just enough HTTP/2 (h2c
 * with prior knowledge) for one scripted collector per test.
 */
class H2GrpcSenderTest {

  /**
   * A collector going away gracefully (grpc-go's max_connection_age: GOAWAY with the highest stream
   * id, then the answer) retires the connection; the sender opens a new one for the next call and
   * used to leave the old socket open, a file descriptor per retirement until a GC happened to
   * collect it.
   */
  @Test
  void aConnectionRetiredByGoAwayIsClosed() throws Exception {
    try (ScriptedCollector collector = new ScriptedCollector()) {
      H2GrpcSender sender = new H2GrpcSender(config(collector.port(), Duration.ofSeconds(5)));
      try {
        CompletableFuture<Socket> first = collector.acceptOne(peer -> {
          peer.awaitRequest();
          peer.goAway(Integer.MAX_VALUE); // graceful: this stream still completes
          peer.answerOk();
        });
        assertThat(call(sender).getStatusCode()).isEqualTo(GrpcStatusCode.OK);
        Socket firstSocket = first.get(5, TimeUnit.SECONDS);

        CompletableFuture<Socket> second = collector.acceptOne(peer -> {
          peer.awaitRequest();
          peer.answerOk();
        });
        assertThat(call(sender).getStatusCode()).isEqualTo(GrpcStatusCode.OK);
        second.get(5, TimeUnit.SECONDS);

        assertThat(closedByPeerWithin(firstSocket, 5)).as("the retired connection closed by the sender").isTrue();
      } finally {
        sender.shutdown();
      }
    }
  }

  /**
   * The usual mistake, reqtrace.otlp.protocol=grpc against an http/protobuf port: the answer is
   * HTTP/1.1, whose first bytes used to be read as a frame header ("HTTP/2 frame of 4740180 bytes
   * over our maximum").
   */
  @Test
  void aCollectorAnsweringInHttp1GetsAClearError() throws Exception {
    try (ScriptedCollector collector = new ScriptedCollector()) {
      H2GrpcSender sender = new H2GrpcSender(config(collector.port(), Duration.ofSeconds(5)));
      try {
        collector.acceptOne(peer -> {
          peer.awaitRequest(false);
          peer.out.write("HTTP/1.1 505 HTTP Version Not Supported\r\nContent-Length: 0\r\n\r\n"
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          peer.out.flush();
        });
        assertThat(failure(sender)).isInstanceOf(IOException.class)
            .hasMessageContaining("answered in HTTP/1").hasMessageContaining("not HTTP/2");
      } finally {
        sender.shutdown();
      }
    }
  }

  /**
   * Header blocks are bounded: a collector (or something posing as one) that never ends its
   * headers used to grow the block in memory until the timeout, 16 KB per CONTINUATION frame.
   */
  @Test
  void endlessResponseHeadersFailTheCallEarlyWithoutBufferingThem() throws Exception {
    try (ScriptedCollector collector = new ScriptedCollector()) {
      H2GrpcSender sender = new H2GrpcSender(config(collector.port(), Duration.ofSeconds(10)));
      try {
        collector.acceptOne(peer -> {
          peer.awaitRequest();
          ByteArrayOutputStream status = new ByteArrayOutputStream();
          Hpack.writeIndexed(status, 8);
          peer.frame(1, 0, peer.stream, status.toByteArray());
          byte[] filler = new byte[16384];
          try {
            for (int i = 0; i < 10_000; i++) { // 160 MB unless the sender gives up
              peer.frame(9, 0, peer.stream, filler);
            }
          } catch (IOException closedBySender) {
            // expected: the sender hung up
          }
        });
        long start = System.nanoTime();
        Throwable failure = failure(sender);
        assertThat(failure).isInstanceOf(IOException.class).hasMessageContaining("header");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("ms to fail, of a 10 s timeout")
            .isLessThan(5000);
      } finally {
        sender.shutdown();
      }
    }
  }

  /**
   * A malformed frame (a WINDOW_UPDATE without its 4 bytes) is an IOException that closes the
   * connection; it used to escape as ArrayIndexOutOfBoundsException and leave the half-read
   * connection in use for the next call.
   */
  @Test
  void aMalformedFrameFailsTheCallAndRetiresTheConnection() throws Exception {
    try (ScriptedCollector collector = new ScriptedCollector()) {
      H2GrpcSender sender = new H2GrpcSender(config(collector.port(), Duration.ofSeconds(5)));
      try {
        CompletableFuture<Socket> first = collector.acceptOne(peer -> {
          peer.awaitRequest();
          peer.frame(8, 0, 0, new byte[0]);
        });
        assertThat(failure(sender)).isInstanceOf(IOException.class).hasMessageContaining("malformed");
        Socket firstSocket = first.get(5, TimeUnit.SECONDS);
        assertThat(closedByPeerWithin(firstSocket, 5)).as("the broken connection closed").isTrue();

        collector.acceptOne(peer -> {
          peer.awaitRequest();
          peer.answerOk();
        });
        assertThat(call(sender).getStatusCode()).isEqualTo(GrpcStatusCode.OK);
      } finally {
        sender.shutdown();
      }
    }
  }

  /**
   * Shutdown (at JVM exit, through the exporter's shutdown) ends a call stuck on a black-holed
   * collector at once; it used to wait for the call's lock, so the exit waited the whole
   * reqtrace.otlp.timeout, past the exporter's 3 s close budget.
   */
  @Test
  void shutdownDoesNotWaitForACallToABlackHoledCollector() throws Exception {
    try (ScriptedCollector collector = new ScriptedCollector()) {
      H2GrpcSender sender = new H2GrpcSender(config(collector.port(), Duration.ofSeconds(20)));
      CompletableFuture<Socket> connected = collector.acceptOne(peer -> peer.awaitRequest()); // never answers
      CompletableFuture<Throwable> failed = new CompletableFuture<>();
      sender.send(message(), response -> failed.complete(null), failed::complete);
      Socket socket = connected.get(5, TimeUnit.SECONDS); // the request is in

      long start = System.nanoTime();
      sender.shutdown();
      long shutdownMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertThat(shutdownMillis).as("ms in shutdown, of a 20 s timeout").isLessThan(5000);
      assertThat(failed.get(5, TimeUnit.SECONDS)).as("the call fails").isInstanceOf(IOException.class);
      assertThat(closedByPeerWithin(socket, 5)).as("its connection closed").isTrue();
    }
  }

  static Throwable failure(H2GrpcSender sender) throws Exception {
    try {
      GrpcResponse response = call(sender);
      throw new AssertionError("expected a failure, got " + response.getStatusCode());
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
  }

  static GrpcResponse call(H2GrpcSender sender) throws Exception {
    CompletableFuture<GrpcResponse> result = new CompletableFuture<>();
    sender.send(message(), result::complete, result::completeExceptionally);
    return result.get(10, TimeUnit.SECONDS);
  }

  static MessageWriter message() {
    return new MessageWriter() {
      @Override
      public void writeMessage(OutputStream output) throws IOException {
        output.write(new byte[] {0x0a, 0x00});
      }

      @Override
      public int getContentLength() {
        return 2;
      }
    };
  }

  /** Whether the other end closes {@code socket} (EOF) within {@code seconds}; reads and drops anything before. */
  static boolean closedByPeerWithin(Socket socket, int seconds) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    byte[] buffer = new byte[4096];
    while (System.nanoTime() < deadline) {
      socket.setSoTimeout(100);
      try {
        if (socket.getInputStream().read(buffer) < 0) {
          return true;
        }
      } catch (SocketTimeoutException e) {
        // still open; poll again until the deadline
      } catch (IOException e) {
        return true; // reset by the peer: closed too
      }
    }
    return false;
  }

  static GrpcSenderConfig config(int port, Duration timeout) {
    return new GrpcSenderConfig() {
      @Override
      public URI getEndpoint() {
        return URI.create("http://127.0.0.1:" + port);
      }

      @Override
      public String getFullMethodName() {
        return "opentelemetry.proto.collector.trace.v1.TraceService/Export";
      }

      @Override
      public Compressor getCompressor() {
        return null;
      }

      @Override
      public Duration getTimeout() {
        return timeout;
      }

      @Override
      public Duration getConnectTimeout() {
        return timeout;
      }

      @Override
      public Supplier<Map<String, List<String>>> getHeadersSupplier() {
        return Map::of;
      }

      @Override
      public RetryPolicy getRetryPolicy() {
        return null;
      }

      @Override
      public SSLContext getSslContext() {
        return null;
      }

      @Override
      public X509TrustManager getTrustManager() {
        return null;
      }

      @Override
      public ExecutorService getExecutorService() {
        return null;
      }
    };
  }

  /** A loopback listener whose next accepted connection runs a script; the socket stays open afterwards. */
  static final class ScriptedCollector implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

    ScriptedCollector() throws IOException {}

    int port() {
      return server.getLocalPort();
    }

    /** Accepts one connection on a new thread and runs {@code script} on it; completes with its socket. */
    CompletableFuture<Socket> acceptOne(Script script) {
      CompletableFuture<Socket> done = new CompletableFuture<>();
      Thread thread = new Thread(() -> {
        try {
          Socket socket = server.accept();
          socket.setSoTimeout(10_000);
          script.run(new Peer(socket));
          done.complete(socket);
        } catch (Throwable e) {
          done.completeExceptionally(e);
        }
      }, "test-h2-collector");
      thread.setDaemon(true);
      thread.start();
      return done;
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  interface Script {
    void run(Peer peer) throws IOException;
  }

  /** The server side of one connection. */
  static final class Peer {
    final Socket socket;
    final DataInputStream in;
    final OutputStream out;
    int stream;

    Peer(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new DataInputStream(socket.getInputStream());
      this.out = socket.getOutputStream();
    }

    /** Reads the preface, sends our (empty) SETTINGS, and reads frames until a request stream has ended. */
    void awaitRequest() throws IOException {
      awaitRequest(true);
    }

    void awaitRequest(boolean http2) throws IOException {
      byte[] preface = new byte[24];
      in.readFully(preface);
      if (http2) {
        frame(4, 0, 0, new byte[0]);
      }
      while (true) {
        int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        int id = in.readInt() & 0x7fffffff;
        in.readFully(new byte[length]);
        if (id != 0) {
          stream = id;
        }
        if (type == 0 && (flags & 1) != 0) {
          return;
        }
      }
    }

    void goAway(int lastStream) throws IOException {
      frame(7, 0, 0, new byte[] {(byte) (lastStream >>> 24), (byte) (lastStream >>> 16),
          (byte) (lastStream >>> 8), (byte) lastStream, 0, 0, 0, 0});
    }

    /** :status 200, an empty gRPC message, grpc-status 0. */
    void answerOk() throws IOException {
      ByteArrayOutputStream headers = new ByteArrayOutputStream();
      Hpack.writeIndexed(headers, 8); // :status 200
      Hpack.writeLiteral(headers, 31, "application/grpc");
      frame(1, 0x4, stream, headers.toByteArray());
      frame(0, 0, stream, new byte[5]);
      ByteArrayOutputStream trailers = new ByteArrayOutputStream();
      Hpack.writeLiteral(trailers, "grpc-status", "0");
      frame(1, 0x4 | 0x1, stream, trailers.toByteArray());
    }

    void frame(int type, int flags, int id, byte[] payload) throws IOException {
      byte[] header = {(byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
          (byte) type, (byte) flags, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
      out.write(header);
      out.write(payload);
      out.flush();
    }
  }
}
