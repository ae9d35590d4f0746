package example.benchapp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * {@link BenchServer}'s application on an embedded Tomcat 9 (javax) on loopback: Tomcat has no
 * in-process connector, so a request crosses a socket to Tomcat's poller and a worker thread.
 * Tomcat recycles its request and response objects, header storage and attribute map between
 * requests, so what an agent's header and attribute calls allocate differs from Jetty's.
 */
public final class TomcatBenchServer implements AutoCloseable {
  private final Tomcat tomcat;
  private final JdbcConnectionPool pool;
  private final Path base;
  private final int port;

  private TomcatBenchServer(Tomcat tomcat, JdbcConnectionPool pool, Path base, int port) {
    this.tomcat = tomcat;
    this.pool = pool;
    this.base = base;
    this.port = port;
  }

  /** Starts Tomcat on an ephemeral loopback port with {@code GET /owners/<n>}. */
  public static TomcatBenchServer start(String name) throws Exception {
    JdbcConnectionPool pool = BenchServer.database(name);
    Path base = Files.createTempDirectory("bench-tomcat");
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector("HTTP/1.1");
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    // One keep-alive connection serves the whole run (Tomcat closes it after 100 by default).
    connector.setProperty("maxKeepAliveRequests", "-1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", base.toString());
    Tomcat.addServlet(context, "owners", new OwnersServlet(pool));
    context.addServletMappingDecoded("/owners/*", "owners");
    tomcat.start();
    return new TomcatBenchServer(tomcat, pool, base, connector.getLocalPort());
  }

  /** A keep-alive connection: every {@link Client#send} is one request on it. */
  public Client connect() throws IOException {
    return new Client(new Socket(InetAddress.getLoopbackAddress(), port));
  }

  @Override
  public void close() throws Exception {
    tomcat.stop();
    tomcat.destroy();
    pool.dispose();
    try (Stream<Path> files = Files.walk(base)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  /** One HTTP/1.1 connection over loopback. */
  public static final class Client implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];

    Client(Socket socket) throws IOException {
      socket.setTcpNoDelay(true);
      this.socket = socket;
      this.out = socket.getOutputStream();
      this.in = socket.getInputStream();
    }

    /**
     * Sends {@code request} and reads the response's bytes, unparsed, as {@link BenchServer}'s
     * client does: every {@code /owners} body is a JSON array with no {@code ]} inside it and no
     * header holds one, so the response ends at the first read that ends in {@code ]}.
     *
     * @return the response's length in bytes
     */
    public int send(byte[] request) throws IOException {
      out.write(request);
      int length = 0;
      while (length == 0 || buffer[length - 1] != ']') {
        int read = in.read(buffer, length, buffer.length - length);
        if (read < 0) {
          throw new IOException("Tomcat closed the connection after "
              + new String(buffer, 0, length, StandardCharsets.ISO_8859_1));
        }
        length += read;
      }
      return length;
    }

    /** Sends {@code request} and returns the response as text (set-up checks only). */
    public String sendForText(byte[] request) throws IOException {
      return new String(buffer, 0, send(request), StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** {@code GET /owners/<n>}: {@link BenchServer#writeOwners} with the path's last segment. */
  static final class OwnersServlet extends HttpServlet {
    private final transient JdbcConnectionPool pool;

    OwnersServlet(JdbcConnectionPool pool) {
      this.pool = pool;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("application/json");
      resp.setCharacterEncoding("UTF-8");
      BenchServer.writeOwners(pool, Integer.parseInt(req.getPathInfo().substring(1)),
          resp.getWriter());
    }
  }
}
