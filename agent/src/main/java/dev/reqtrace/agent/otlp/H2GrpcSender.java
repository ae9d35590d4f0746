package dev.reqtrace.agent.otlp;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcSenderConfig;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import io.opentelemetry.sdk.common.export.MessageWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * OTLP/gRPC over the smallest HTTP/2 client that does it: one connection (plain text with prior
 * knowledge, or TLS with ALPN {@code h2}), one unary call at a time. The JDK HttpClient cannot be
 * used (no cleartext HTTP/2 without an upgrade, which gRPC servers refuse, and no trailers, where
 * {@code grpc-status} lives), and OkHttp would bring Kotlin and about 3 MB into the agent jar.
 *
 * <p>Every call is bounded by the configured timeout: a watchdog closes the socket at the deadline,
 * which also frees a write blocked on a collector that accepts TCP and never reads.
 */
final class H2GrpcSender implements GrpcSender {
  private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int DATA = 0;
  private static final int HEADERS = 1;
  private static final int RST_STREAM = 3;
  private static final int SETTINGS = 4;
  private static final int PING = 6;
  private static final int GOAWAY = 7;
  private static final int WINDOW_UPDATE = 8;
  private static final int CONTINUATION = 9;
  private static final int END_STREAM = 0x1;
  private static final int ACK = 0x1;
  private static final int END_HEADERS = 0x4;
  private static final int PADDED = 0x8;
  private static final int PRIORITY = 0x20;
  /** What we announce we can receive per stream, and add to the connection window. */
  private static final int OUR_WINDOW = 1 << 20;
  private static final int MAX_FRAME = 16384;
  /**
   * Largest response header block we hold (headers or trailers, with their CONTINUATIONs); gRPC
   * needs a few hundred bytes, grpc-java refuses more than 8 KB.
   */
  static final int MAX_HEADER_BLOCK = 64 * 1024;

  private final GrpcSenderConfig config;
  private final URI endpoint;
  private final String path;
  private final ExecutorService executor;
  private final boolean ownExecutor;
  private final ScheduledExecutorService watchdog;
  /** Written under this; volatile so that {@link #shutdown} can close it without the lock. */
  private volatile Connection connection;
  private volatile boolean shutdown;

  H2GrpcSender(GrpcSenderConfig config) {
    this.config = config;
    this.endpoint = config.getEndpoint();
    this.path = "/" + config.getFullMethodName();
    ExecutorService given = config.getExecutorService();
    this.ownExecutor = given == null;
    this.executor = given != null ? given : java.util.concurrent.Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "reqtrace-otlp-grpc");
      thread.setDaemon(true);
      return thread;
    });
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "reqtrace-otlp-grpc-timer");
      thread.setDaemon(true);
      return thread;
    });
    timer.setRemoveOnCancelPolicy(true);
    this.watchdog = timer;
  }

  @Override
  public void send(MessageWriter messageWriter, Consumer<GrpcResponse> onResponse,
      Consumer<Throwable> onError) {
    byte[] message;
    try {
      message = frame(messageWriter, config.getCompressor());
    } catch (IOException | RuntimeException e) {
      onError.accept(e);
      return;
    }
    try {
      executor.execute(() -> {
        GrpcResponse response;
        try {
          response = call(message);
        } catch (IOException | RuntimeException e) {
          onError.accept(e);
          return;
        }
        onResponse.accept(response);
      });
    } catch (RejectedExecutionException e) {
      onError.accept(e);
    }
  }

  /** The length-prefixed gRPC message, compressed when configured. */
  static byte[] frame(MessageWriter writer, Compressor compressor) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream(Math.max(64, writer.getContentLength() + 5));
    body.write(new byte[5], 0, 5);
    if (compressor != null) {
      try (OutputStream compressed = compressor.compress(body)) {
        writer.writeMessage(compressed);
      }
    } else {
      writer.writeMessage(body);
    }
    byte[] bytes = body.toByteArray();
    int length = bytes.length - 5;
    bytes[0] = (byte) (compressor != null ? 1 : 0);
    bytes[1] = (byte) (length >>> 24);
    bytes[2] = (byte) (length >>> 16);
    bytes[3] = (byte) (length >>> 8);
    bytes[4] = (byte) length;
    return bytes;
  }

  private synchronized GrpcResponse call(byte[] message) throws IOException {
    long deadline = System.nanoTime() + config.getTimeout().toNanos();
    boolean reused = connection != null && connection.open;
    try {
      return attempt(message, deadline);
    } catch (IOException e) {
      closeConnection();
      // A pooled connection the server closed while idle: once more on a fresh one.
      if (reused && System.nanoTime() < deadline && !(e instanceof SocketTimeoutException)) {
        try {
          return attempt(message, deadline);
        } catch (IOException again) {
          closeConnection();
          throw again;
        }
      }
      throw e;
    }
  }

  private GrpcResponse attempt(byte[] message, long deadline) throws IOException {
    if (shutdown) {
      throw new IOException("gRPC sender shut down");
    }
    if (connection == null || !connection.open) {
      // A connection retired by a graceful GOAWAY or by running out of stream ids is still open:
      // close it, or its socket lingers until a GC finds it.
      closeConnection();
      connection = Connection.open(endpoint, config, deadline);
      if (shutdown) { // shut down while connecting: it saw no connection to close
        closeConnection();
        throw new IOException("gRPC sender shut down");
      }
    }
    Connection c = connection;
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new SocketTimeoutException("timed out before the call");
    }
    ScheduledFuture<?> alarm = watchdog.schedule(c::close, left, TimeUnit.NANOSECONDS);
    try {
      return c.call(path, requestHeaders(deadline), message, deadline, config.getMaxResponseBodySize());
    } catch (RuntimeException e) {
      // A frame too short for its type and the like: the connection cannot be trusted any more.
      throw new IOException("collector sent malformed HTTP/2 (" + e + ")", e);
    } catch (IOException e) {
      if (System.nanoTime() >= deadline) {
        SocketTimeoutException timeout = new SocketTimeoutException("gRPC call timed out");
        timeout.initCause(e);
        throw timeout;
      }
      throw e;
    } finally {
      alarm.cancel(false);
    }
  }

  private ByteArrayOutputStream requestHeaders(long deadline) {
    ByteArrayOutputStream block = new ByteArrayOutputStream(256);
    boolean tls = "https".equalsIgnoreCase(endpoint.getScheme());
    Hpack.writeIndexed(block, 3); // :method POST
    Hpack.writeIndexed(block, tls ? 7 : 6); // :scheme
    Hpack.writeLiteral(block, 4, path); // :path
    Hpack.writeLiteral(block, 1, endpoint.getHost() + ":" + port(endpoint)); // :authority
    Hpack.writeLiteral(block, 31, "application/grpc"); // content-type
    Hpack.writeLiteral(block, "te", "trailers");
    long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    Hpack.writeLiteral(block, "grpc-timeout", millis + "m");
    Hpack.writeLiteral(block, 58, "reqtrace-otlp-grpc"); // user-agent
    if (config.getCompressor() != null) {
      Hpack.writeLiteral(block, "grpc-encoding", config.getCompressor().getEncoding());
    }
    Map<String, List<String>> headers = config.getHeadersSupplier().get();
    if (headers != null) {
      for (Map.Entry<String, List<String>> header : headers.entrySet()) {
        for (String value : header.getValue()) {
          Hpack.writeLiteral(block, header.getKey().toLowerCase(java.util.Locale.ROOT), value);
        }
      }
    }
    return block;
  }

  static int port(URI uri) {
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private synchronized void closeConnection() {
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }

  @Override
  public CompletableResultCode shutdown() {
    // Not closeConnection(): its lock is held by a call in progress, which against a black-holed
    // collector lasts the whole timeout, and the JVM's exit would wait for it. Closing the socket
    // ends that call now; the flag keeps it from retrying on a new connection.
    shutdown = true;
    Connection current = connection;
    if (current != null) {
      current.close();
    }
    watchdog.shutdownNow();
    if (ownExecutor) {
      executor.shutdownNow();
    }
    return CompletableResultCode.ofSuccess();
  }

  /** One HTTP/2 connection; used by one call at a time. */
  static final class Connection {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Hpack.Decoder decoder = new Hpack.Decoder(4096);
    private int nextStream = 1;
    private long connectionWindow = 65535;
    private int peerInitialWindow = 65535;
    private int peerMaxFrame = MAX_FRAME;
    private long streamWindow;
    /** RFC 9113 3.4: a server's first frame is SETTINGS; anything else is not an HTTP/2 server. */
    private boolean settingsSeen;
    volatile boolean open = true;

    private Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 32 * 1024));
      this.out = new BufferedOutputStream(socket.getOutputStream(), 32 * 1024);
    }

    static Connection open(URI endpoint, GrpcSenderConfig config, long deadline) throws IOException {
      String host = endpoint.getHost();
      int port = port(endpoint);
      Socket socket = new Socket();
      try {
        long connectMillis = Math.min(config.getConnectTimeout().toMillis(),
            TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, connectMillis));
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        if ("https".equalsIgnoreCase(endpoint.getScheme())) {
          socket = tls(socket, host, port, config);
        }
        Connection connection = new Connection(socket);
        connection.handshake();
        return connection;
      } catch (IOException | RuntimeException e) {
        socket.close();
        throw e;
      }
    }

    private static Socket tls(Socket plain, String host, int port, GrpcSenderConfig config) throws IOException {
      SSLContext context;
      try {
        context = config.getSslContext() != null ? config.getSslContext() : SSLContext.getDefault();
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IOException(e);
      }
      SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
      SSLParameters parameters = ssl.getSSLParameters();
      parameters.setApplicationProtocols(new String[] {"h2"});
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      if (config.getEnabledProtocols() != null && !config.getEnabledProtocols().isEmpty()) {
        parameters.setProtocols(config.getEnabledProtocols().toArray(new String[0]));
      }
      ssl.setSSLParameters(parameters);
      ssl.startHandshake();
      if (!"h2".equals(ssl.getApplicationProtocol())) {
        ssl.close();
        throw new IOException("collector did not agree to HTTP/2 (ALPN h2)");
      }
      return ssl;
    }

    private void handshake() throws IOException {
      out.write(PREFACE);
      byte[] settings = new byte[12];
      setting(settings, 0, 0x2, 0); // ENABLE_PUSH off
      setting(settings, 6, 0x4, OUR_WINDOW); // INITIAL_WINDOW_SIZE
      writeFrame(SETTINGS, 0, 0, settings, 0, settings.length);
      writeWindowUpdate(0, OUR_WINDOW - 65535);
      out.flush();
    }

    private static void setting(byte[] payload, int at, int id, int value) {
      payload[at] = (byte) (id >>> 8);
      payload[at + 1] = (byte) id;
      payload[at + 2] = (byte) (value >>> 24);
      payload[at + 3] = (byte) (value >>> 16);
      payload[at + 4] = (byte) (value >>> 8);
      payload[at + 5] = (byte) value;
    }

    GrpcResponse call(String path, ByteArrayOutputStream headerBlock, byte[] message, long deadline,
        long maxResponse) throws IOException {
      int stream = nextStream;
      nextStream += 2;
      if (stream > (1 << 30)) {
        open = false; // a fresh connection next time
      }
      streamWindow = peerInitialWindow;
      byte[] block = headerBlock.toByteArray();
      int first = Math.min(block.length, peerMaxFrame);
      writeFrame(HEADERS, first == block.length ? END_HEADERS : 0, stream, block, 0, first);
      for (int at = first; at < block.length; ) {
        int n = Math.min(block.length - at, peerMaxFrame);
        writeFrame(CONTINUATION, at + n == block.length ? END_HEADERS : 0, stream, block, at, n);
        at += n;
      }
      Response response = new Response(maxResponse);
      int sent = 0;
      while (sent < message.length) {
        long window = Math.min(connectionWindow, streamWindow);
        if (window <= 0) {
          out.flush();
          readFrame(stream, response, deadline);
          if (response.ended) {
            return response.toGrpc(); // the server answered before taking the whole message
          }
          continue;
        }
        int n = (int) Math.min(Math.min(window, peerMaxFrame), message.length - sent);
        writeFrame(DATA, sent + n == message.length ? END_STREAM : 0, stream, message, sent, n);
        sent += n;
        connectionWindow -= n;
        streamWindow -= n;
      }
      if (message.length == 0) {
        writeFrame(DATA, END_STREAM, stream, message, 0, 0);
      }
      out.flush();
      while (!response.ended) {
        readFrame(stream, response, deadline);
      }
      return response.toGrpc();
    }

    private void readFrame(int stream, Response response, long deadline) throws IOException {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new SocketTimeoutException("gRPC call timed out");
      }
      socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      byte[] header = new byte[9];
      in.readFully(header);
      int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | (header[2] & 0xff);
      int type = header[3] & 0xff;
      int flags = header[4] & 0xff;
      int id = readInt(header, 5) & 0x7fffffff;
      if (!settingsSeen) {
        if (type != SETTINGS) {
          throw new IOException(new String(header, 0, 5, StandardCharsets.ISO_8859_1).equals("HTTP/")
              ? "the collector answered in HTTP/1.x, not HTTP/2: is this an http/protobuf port (4318)"
                  + " while reqtrace.otlp.protocol=grpc?"
              : "the collector did not start with HTTP/2 SETTINGS: not an HTTP/2 (gRPC) endpoint");
        }
        settingsSeen = true;
      }
      if (length > MAX_FRAME) {
        throw new IOException("HTTP/2 frame of " + length + " bytes over our maximum");
      }
      byte[] payload = new byte[length];
      in.readFully(payload);
      if (malformed(type, length)) {
        throw new IOException("collector sent a malformed HTTP/2 frame (type " + type + ", " + length
            + " bytes)");
      }
      switch (type) {
        case SETTINGS:
          if ((flags & ACK) == 0) {
            applySettings(payload);
            writeFrame(SETTINGS, ACK, 0, payload, 0, 0);
            out.flush();
          }
          break;
        case PING:
          if ((flags & ACK) == 0) {
            writeFrame(PING, ACK, 0, payload, 0, payload.length);
            out.flush();
          }
          break;
        case WINDOW_UPDATE:
          int increment = readInt(payload, 0) & 0x7fffffff;
          if (id == 0) {
            connectionWindow += increment;
          } else if (id == stream) {
            streamWindow += increment;
          }
          break;
        case GOAWAY:
          open = false;
          int last = readInt(payload, 0) & 0x7fffffff;
          if (last < stream) {
            throw new IOException("collector closed the connection (GOAWAY)");
          }
          break;
        case RST_STREAM:
          if (id == stream) {
            throw new IOException("collector reset the stream (HTTP/2 error " + readInt(payload, 0) + ")");
          }
          break;
        case HEADERS:
        case CONTINUATION:
          if (id == stream) {
            int from = 0;
            int to = payload.length;
            if (type == HEADERS) {
              if ((flags & PADDED) != 0) {
                to -= payload[from++] & 0xff;
              }
              if ((flags & PRIORITY) != 0) {
                from += 5;
              }
              response.headerFlagsEndStream = (flags & END_STREAM) != 0;
            }
            if (from > to) {
              throw new IOException("bad HTTP/2 HEADERS padding");
            }
            if (response.block.size() + (to - from) > MAX_HEADER_BLOCK) {
              throw new IOException("collector sent response headers over " + MAX_HEADER_BLOCK + " bytes");
            }
            response.block.write(payload, from, to - from);
            if ((flags & END_HEADERS) != 0) {
              response.headers(decoder.decode(response.block.toByteArray()));
              response.block.reset();
              if (response.headerFlagsEndStream) {
                response.ended = true;
              }
            }
          } else if ((flags & END_HEADERS) != 0 || type == HEADERS) {
            // Another stream's headers still update the shared table.
            decoder.decode(payload);
          }
          break;
        case DATA:
          if (length > 0) {
            // Give the window back at once: a response is small, and the connection lives on.
            writeWindowUpdate(0, length);
            if (id == stream && (flags & END_STREAM) == 0) {
              writeWindowUpdate(stream, length);
            }
            out.flush();
          }
          if (id == stream) {
            int from = 0;
            int to = payload.length;
            if ((flags & PADDED) != 0) {
              to -= payload[from++] & 0xff;
            }
            response.data(payload, from, Math.max(from, to));
            if ((flags & END_STREAM) != 0) {
              response.ended = true;
            }
          }
          break;
        default:
          // PRIORITY, PUSH_PROMISE (disabled), unknown extension frames: ignored, as RFC 9113 asks.
      }
    }

    /** A control frame whose length its type does not allow (RFC 9113 section 6). */
    private static boolean malformed(int type, int length) {
      switch (type) {
        case SETTINGS:
          return length % 6 != 0;
        case PING:
          return length != 8;
        case WINDOW_UPDATE:
        case RST_STREAM:
          return length != 4;
        case GOAWAY:
          return length < 8;
        default:
          return false;
      }
    }

    private void applySettings(byte[] payload) throws IOException {
      for (int at = 0; at + 6 <= payload.length; at += 6) {
        int id = (payload[at] & 0xff) << 8 | (payload[at + 1] & 0xff);
        int value = readInt(payload, at + 2);
        if (id == 0x4) {
          if (value < 0) {
            throw new IOException("bad HTTP/2 initial window " + value);
          }
          streamWindow += value - peerInitialWindow;
          peerInitialWindow = value;
        } else if (id == 0x5) {
          peerMaxFrame = Math.max(MAX_FRAME, Math.min(value, 1 << 20));
        }
      }
    }

    private static int readInt(byte[] bytes, int at) {
      return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8
          | (bytes[at + 3] & 0xff);
    }

    private void writeWindowUpdate(int stream, int increment) throws IOException {
      byte[] payload = {(byte) (increment >>> 24), (byte) (increment >>> 16), (byte) (increment >>> 8),
          (byte) increment};
      writeFrame(WINDOW_UPDATE, 0, stream, payload, 0, 4);
    }

    private void writeFrame(int type, int flags, int stream, byte[] payload, int offset, int length)
        throws IOException {
      out.write(length >>> 16);
      out.write(length >>> 8);
      out.write(length);
      out.write(type);
      out.write(flags);
      out.write(stream >>> 24);
      out.write(stream >>> 16);
      out.write(stream >>> 8);
      out.write(stream);
      out.write(payload, offset, length);
    }

    void close() {
      open = false;
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  /** What came back on one stream. */
  static final class Response {
    final ByteArrayOutputStream block = new ByteArrayOutputStream();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final long maxBody;
    boolean headerFlagsEndStream;
    boolean ended;
    String httpStatus;
    String grpcStatus;
    String grpcMessage;

    Response(long maxBody) {
      this.maxBody = maxBody;
    }

    void headers(List<String[]> headers) {
      for (String[] header : headers) {
        switch (header[0]) {
          case ":status":
            httpStatus = header[1];
            break;
          case "grpc-status":
            grpcStatus = header[1];
            break;
          case "grpc-message":
            grpcMessage = header[1];
            break;
          default:
        }
      }
    }

    void data(byte[] bytes, int from, int to) {
      int room = (int) Math.max(0, Math.min(Integer.MAX_VALUE, maxBody + 5 - body.size()));
      body.write(bytes, from, Math.min(room, to - from));
    }

    GrpcResponse toGrpc() {
      GrpcStatusCode code;
      if (grpcStatus != null) {
        code = statusOf(grpcStatus);
      } else if (!"200".equals(httpStatus)) {
        code = fromHttp(httpStatus);
      } else {
        code = GrpcStatusCode.UNKNOWN;
      }
      String description = grpcMessage == null ? null : percentDecode(grpcMessage);
      if (description == null && grpcStatus == null) {
        description = "HTTP status " + httpStatus + " without grpc-status";
      }
      byte[] bytes = body.toByteArray();
      byte[] message = bytes.length > 5 ? java.util.Arrays.copyOfRange(bytes, 5, bytes.length) : new byte[0];
      return new SimpleResponse(code, description, message);
    }

    private static GrpcStatusCode statusOf(String text) {
      try {
        return GrpcStatusCode.fromValue(Integer.parseInt(text.trim()));
      } catch (RuntimeException e) {
        return GrpcStatusCode.UNKNOWN;
      }
    }

    /** The gRPC spec's mapping of HTTP statuses seen without grpc-status. */
    private static GrpcStatusCode fromHttp(String status) {
      if (status == null) {
        return GrpcStatusCode.INTERNAL;
      }
      switch (status) {
        case "400":
          return GrpcStatusCode.INTERNAL;
        case "401":
          return GrpcStatusCode.UNAUTHENTICATED;
        case "403":
          return GrpcStatusCode.PERMISSION_DENIED;
        case "404":
          return GrpcStatusCode.UNIMPLEMENTED;
        case "429":
        case "502":
        case "503":
        case "504":
          return GrpcStatusCode.UNAVAILABLE;
        default:
          return GrpcStatusCode.UNKNOWN;
      }
    }

    private static String percentDecode(String text) {
      if (text.indexOf('%') < 0) {
        return text;
      }
      try {
        return URLDecoder.decode(text.replace("+", "%2B"), "UTF-8");
      } catch (java.io.UnsupportedEncodingException | RuntimeException e) {
        return text;
      }
    }
  }

  /** An immutable {@link GrpcResponse}. */
  static final class SimpleResponse implements GrpcResponse {
    private final GrpcStatusCode code;
    private final String description;
    private final byte[] message;

    SimpleResponse(GrpcStatusCode code, String description, byte[] message) {
      this.code = code;
      this.description = description;
      this.message = message;
    }

    @Override
    public GrpcStatusCode getStatusCode() {
      return code;
    }

    @Override
    public String getStatusDescription() {
      return description;
    }

    @Override
    public byte[] getResponseMessage() {
      return message;
    }
  }
}
