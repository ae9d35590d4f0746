package example.benchapp;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The application under test: an embedded Jetty 12 (ee10) with one servlet that runs N H2 queries,
 * reached in-process through a {@link LocalConnector}: no socket and no thread hand-off, so the
 * agent's share is not drowned in kernel and scheduling time.
 *
 * <p>Deliberately outside {@code dev.reqtrace}: the agent never instruments its own package, and
 * this must look like any application to it.
 */
public final class BenchServer implements AutoCloseable {
  /** The one statement the servlet and the JDBC benchmark run. */
  public static final String QUERY =
      "SELECT id, first_name, last_name, city FROM owners WHERE id = ?";
  private static final int OWNERS = 100;

  private final Server server;
  private final LocalConnector connector;
  private final JdbcConnectionPool pool;

  private BenchServer(Server server, LocalConnector connector, JdbcConnectionPool pool) {
    this.server = server;
    this.connector = connector;
    this.pool = pool;
  }

  /** An in-memory H2 database with {@value #OWNERS} owners, behind H2's own connection pool. */
  public static JdbcConnectionPool database(String name) throws SQLException {
    JdbcConnectionPool pool =
        JdbcConnectionPool.create("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE owners (id INT PRIMARY KEY, first_name VARCHAR(30),"
          + " last_name VARCHAR(30), city VARCHAR(30))");
      try (PreparedStatement insert =
               c.prepareStatement("INSERT INTO owners VALUES (?, ?, ?, ?)")) {
        for (int i = 1; i <= OWNERS; i++) {
          insert.setInt(1, i);
          insert.setString(2, "First" + i);
          insert.setString(3, "Last" + i);
          insert.setString(4, "City" + (i % 7));
          insert.executeUpdate();
        }
      }
    }
    return pool;
  }

  /**
   * Starts Jetty with {@code GET /owners/<n>}: n lookups by id, one JSON array back.
   *
   * @param name the in-memory database's name, distinct per server of one JVM
   */
  public static BenchServer start(String name) throws Exception {
    JdbcConnectionPool pool = database(name);
    QueuedThreadPool threads = new QueuedThreadPool(8, 2);
    threads.setName("bench-jetty");
    Server server = new Server(threads);
    // Requests run on the caller's thread: the figure is then CPU per request, not two thread
    // hand-offs whose scheduling delay (milliseconds on a loaded 2-core box) would bury the
    // agent's share. Only the connector's acceptor loop, which never returns, gets a pool thread.
    Executor inline = task -> {
      if (task.getClass().getName().endsWith("AbstractConnector$Acceptor")) {
        threads.execute(task);
      } else {
        task.run();
      }
    };
    LocalConnector connector =
        new LocalConnector(server, inline, null, null, 1, new HttpConnectionFactory());
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new OwnersServlet(pool)), "/owners/*");
    server.setHandler(context);
    server.start();
    return new BenchServer(server, connector, pool);
  }

  /** A keep-alive connection: every {@link Client#get} is one request on it. */
  public Client connect() {
    return new Client(connector.connect());
  }

  @Override
  public void close() throws Exception {
    server.stop();
    pool.dispose();
  }

  /** One in-process HTTP/1.1 connection. */
  public static final class Client {
    private final LocalConnector.LocalEndPoint endPoint;

    Client(LocalConnector.LocalEndPoint endPoint) {
      this.endPoint = endPoint;
    }

    /**
     * Sends {@code request} (raw bytes) and returns the response's bytes as the server wrote them.
     * The request runs on this thread inside {@code addInputAndExecute}, so the whole response is
     * there when it returns; it is taken unparsed because a real client parses it on another
     * machine: parsing it here (Jetty's {@code HttpParser}, as {@code waitForResponse} does) put the
     * client's cost of each extra response header, ~0.5 µs and ~145 B for {@code X-Request-ID},
     * into the agent's figure. Every {@code /owners} body is a JSON array, so a response that does
     * not end in {@code ]} is incomplete, and the benchmark fails instead of measuring it.
     */
    public ByteBuffer send(byte[] request) {
      endPoint.addInputAndExecute(ByteBuffer.wrap(request));
      ByteBuffer response = endPoint.takeOutput();
      int end = response.limit() - 1;
      if (end < 0 || response.get(end) != ']') {
        throw new IllegalStateException("the response was not complete when the request returned"
            + " (the request no longer runs on the caller's thread?):\n"
            + StandardCharsets.ISO_8859_1.decode(response));
      }
      return response;
    }

    /**
     * Sends {@code request}, waits for the whole response with Jetty's parser and returns it as
     * text. For set-up: the connection's first request is not served inline, as it opens first.
     */
    public String sendForText(byte[] request) throws Exception {
      endPoint.addInputAndExecute(ByteBuffer.wrap(request));
      ByteBuffer response = endPoint.waitForResponse(false, 10, TimeUnit.SECONDS);
      if (response == null) {
        throw new IllegalStateException("no response within 10 s");
      }
      return StandardCharsets.ISO_8859_1.decode(response).toString();
    }
  }

  /** The raw bytes of {@code GET path HTTP/1.1} with the headers a browser-less client sends. */
  public static byte[] get(String path) {
    return ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: jmh\r\nAccept: */*\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * Writes as many owners as {@code count} says, one lookup each, as a JSON array (0 writes an
   * empty one). The Jetty (jakarta) and Tomcat (javax) servlets both serve it.
   */
  static void writeOwners(JdbcConnectionPool pool, int count, PrintWriter out) throws IOException {
    out.write('[');
    if (count > 0) {
      try (Connection c = pool.getConnection()) {
        for (int id = 1; id <= count; id++) {
          try (PreparedStatement ps = c.prepareStatement(QUERY)) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                if (id > 1) {
                  out.write(',');
                }
                out.write("{\"id\":");
                out.print(rs.getInt(1));
                out.write(",\"name\":\"");
                out.write(rs.getString(2));
                out.write(' ');
                out.write(rs.getString(3));
                out.write("\",\"city\":\"");
                out.write(rs.getString(4));
                out.write("\"}");
              }
            }
          }
        }
      } catch (SQLException e) {
        throw new IOException(e);
      }
    }
    out.write(']');
  }

  /** {@code GET /owners/<n>}: {@link #writeOwners} with the path's last segment. */
  static final class OwnersServlet extends HttpServlet {
    private final transient JdbcConnectionPool pool;

    OwnersServlet(JdbcConnectionPool pool) {
      this.pool = pool;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("application/json");
      resp.setCharacterEncoding("UTF-8");
      writeOwners(pool, Integer.parseInt(req.getPathInfo().substring(1)), resp.getWriter());
    }
  }
}
