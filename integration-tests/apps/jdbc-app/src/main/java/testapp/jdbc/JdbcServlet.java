package testapp.jdbc;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Endpoints that run a known list of statements ({@code ?db=h2|pg&pool=direct|hikari}); the
 * literals planted in the SQL must never reach the agent's output.
 *
 * <ul>
 *   <li>{@code /jdbc/mix}: prepared select, plain select with planted literals, prepared update,
 *       plain update with a planted literal (4 statements)
 *   <li>{@code /jdbc/batch}: a prepared batch of 5 inserts, a plain batch of 3 updates (2 statements)
 *   <li>{@code /jdbc/nplus1?n=12}: one list query, then one query per owner (1 + n statements)
 *   <li>{@code /jdbc/slow?ms=1500}: sleeps, then one select
 *   <li>{@code /jdbc/fast}: one select
 * </ul>
 */
final class JdbcServlet extends HttpServlet {
  /** Planted values: none of them may appear in any agent line. */
  static final String SECRET = "S3cret-planted-7f3a";
  static final String EMAIL = "planted.user@example.com";
  static final String CARD = "4111 1111 1111 1111";

  private static final AtomicInteger NEXT_PET = new AtomicInteger(10_000);
  private final Databases databases;

  JdbcServlet(Databases databases) {
    this.databases = databases;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String db = param(req, "db", "h2");
    String pool = param(req, "pool", "direct");
    String action = req.getPathInfo() == null ? "" : req.getPathInfo();
    int statements;
    try (Connection c = databases.connect(db, pool)) {
      switch (action) {
        case "/mix" -> statements = mix(c);
        case "/batch" -> statements = batch(c);
        case "/nplus1" -> statements = nPlusOne(c, Integer.parseInt(param(req, "n", "12")));
        case "/slow" -> {
          Thread.sleep(Long.parseLong(param(req, "ms", "1500")));
          statements = fast(c);
        }
        case "/fast" -> statements = fast(c);
        default -> {
          res.sendError(404);
          return;
        }
      }
    } catch (SQLException e) {
      throw new IOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    res.setContentType("text/plain");
    res.getWriter().print("statements=" + statements + "\n");
  }

  private static int mix(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select name from owners where id = ?")) {
      ps.setInt(1, 1);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
      }
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from owners where email = '" + EMAIL
            + "' and card = '" + CARD + "'")) {
      rs.next();
    }
    try (PreparedStatement ps = c.prepareStatement("update owners set name = ? where id = ?")) {
      ps.setString(1, "renamed");
      ps.setInt(2, 1);
      ps.executeUpdate();
    }
    try (Statement s = c.createStatement()) {
      s.execute("update owners set note = '" + SECRET + "' where id = 2");
    }
    return 4;
  }

  private static int batch(Connection c) throws SQLException {
    int first = NEXT_PET.getAndAdd(5);
    try (PreparedStatement ps = c.prepareStatement("insert into pets(id, owner_id, name) values (?, ?, ?)")) {
      for (int i = 0; i < 5; i++) {
        ps.setInt(1, first + i);
        ps.setInt(2, 1);
        ps.setString(3, SECRET);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (Statement s = c.createStatement()) {
      for (int i = 0; i < 3; i++) {
        s.addBatch("update pets set name = '" + SECRET + "' where id = " + (first + i));
      }
      s.executeBatch();
    }
    return 2;
  }

  private static int nPlusOne(Connection c, int n) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select id from owners order by id")) {
      while (rs.next()) {
        // Read them all: the driver must not keep the cursor open while the loop below runs.
      }
    }
    for (int i = 1; i <= n; i++) {
      // Prepared anew each time, as an ORM without a statement cache does.
      try (PreparedStatement ps = c.prepareStatement("select count(*) from pets where owner_id = ?")) {
        ps.setInt(1, (i - 1) % Databases.OWNERS + 1);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
        }
      }
    }
    return 1 + n;
  }

  private static int fast(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select name from owners where id = ?")) {
      ps.setInt(1, 3);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
      }
    }
    return 1;
  }

  private static String param(HttpServletRequest req, String name, String def) {
    String value = req.getParameter(name);
    return value == null ? def : value;
  }
}
