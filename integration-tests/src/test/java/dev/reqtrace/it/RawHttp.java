package dev.reqtrace.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A keep-alive HTTP/1.1 client on a raw socket, for header bytes java.net.http refuses to send
 * (CR, LF, NUL, non-ASCII, 10 KB values). Reconnects when the server closed the connection.
 * Not thread-safe: one per client thread.
 */
public final class RawHttp implements AutoCloseable {
  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private int connections;

  public RawHttp(int port) {
    this.port = port;
  }

  /** How many TCP connections this client opened so far. */
  public int connections() {
    return connections;
  }

  /**
   * GET {@code path} with {@code rawHeaderLines} inserted verbatim after Host (each line must end
   * in CRLF unless the caller means otherwise). A request on a connection the server had already
   * closed is retried once on a new one.
   */
  public Response get(String path, byte[] rawHeaderLines) {
    ByteArrayOutputStream request = new ByteArrayOutputStream(rawHeaderLines.length + 128);
    request.writeBytes(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    request.writeBytes(rawHeaderLines);
    request.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    byte[] bytes = request.toByteArray();
    for (int attempt = 0; ; attempt++) {
      boolean reused = socket != null;
      try {
        connect();
        out.write(bytes);
        out.flush();
        Response response = read();
        if (response.headerValues("connection").stream()
            .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("close"))) {
          disconnect();
        }
        return response;
      } catch (IOException e) {
        disconnect();
        // A kept-alive connection may have been closed by the server meanwhile: retry fresh once.
        if (!reused || attempt > 0) {
          throw new UncheckedIOException("raw GET " + path + " failed", e);
        }
      }
    }
  }

  private void connect() throws IOException {
    if (socket == null) {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(30_000);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      out = socket.getOutputStream();
      connections++;
    }
  }

  private void disconnect() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      socket = null;
    }
  }

  private Response read() throws IOException {
    String statusLine = line();
    if (statusLine == null) {
      throw new EOFException("connection closed before a response");
    }
    String[] parts = statusLine.split(" ", 3);
    int status = Integer.parseInt(parts[1]);
    List<String[]> headers = new ArrayList<>();
    for (String line; !(line = requiredLine()).isEmpty(); ) {
      int colon = line.indexOf(':');
      headers.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
    }
    Response head = new Response(statusLine, status, headers, new byte[0]);
    byte[] body;
    if (head.headerValues("transfer-encoding").stream().anyMatch(v -> v.equalsIgnoreCase("chunked"))) {
      body = chunked();
    } else if (!head.headerValues("content-length").isEmpty()) {
      body = in.readNBytes(Integer.parseInt(head.headerValues("content-length").get(0)));
    } else if (status == 204 || status == 304) {
      body = new byte[0];
    } else {
      body = in.readAllBytes(); // no length: the body ends with the connection
      disconnect();
    }
    return new Response(statusLine, status, headers, body);
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = requiredLine();
      int semicolon = sizeLine.indexOf(';');
      int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
      if (size == 0) {
        while (!requiredLine().isEmpty()) {
          // trailers
        }
        return body.toByteArray();
      }
      body.writeBytes(in.readNBytes(size));
      requiredLine();
    }
  }

  private String requiredLine() throws IOException {
    String line = line();
    if (line == null) {
      throw new EOFException("connection closed mid-response");
    }
    return line;
  }

  /** One line without its CRLF, ISO-8859-1; null at end of stream before any byte. */
  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (line.size() == 0) {
          return null;
        }
        throw new EOFException("connection closed mid-line");
      }
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
    }
  }

  @Override
  public void close() {
    disconnect();
  }

  /** A response as received: header names and values exactly as sent (ISO-8859-1). */
  public record Response(String statusLine, int status, List<String[]> headers, byte[] body) {
    /** Values of every header named {@code name}, case-insensitively. */
    public List<String> headerValues(String name) {
      List<String> values = new ArrayList<>();
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          values.add(h[1]);
        }
      }
      return values;
    }

    /** The body as ISO-8859-1 text. */
    public String bodyText() {
      return new String(body, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder(statusLine);
      for (String[] h : headers) {
        s.append(" | ").append(h[0]).append(": ").append(h[1]);
      }
      return s.toString();
    }
  }
}
