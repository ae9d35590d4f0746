package testapp.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** The databases ({@code h2}, {@code pg}), each reachable directly and through a HikariCP pool. */
final class Databases {
  static final int OWNERS = 20;

  private final Map<String, String> urls = new HashMap<>();
  private final Map<String, HikariDataSource> pools = new HashMap<>();

  private Databases() {}

  static Databases open(String pgUrl) throws SQLException {
    Databases d = new Databases();
    d.add("h2", "jdbc:h2:mem:it;DB_CLOSE_DELAY=-1");
    if (pgUrl != null && !pgUrl.isBlank()) {
      d.add("pg", pgUrl);
    }
    return d;
  }

  private void add(String name, String url) throws SQLException {
    urls.put(name, url);
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("drop table if exists pets");
      s.execute("drop table if exists owners");
      s.execute("create table owners(id int primary key, name varchar(100), email varchar(100),"
          + " card varchar(40), note varchar(100))");
      s.execute("create table pets(id int primary key, owner_id int, name varchar(100))");
      for (int i = 1; i <= OWNERS; i++) {
        s.execute("insert into owners(id, name) values (" + i + ", 'owner" + i + "')");
        s.execute("insert into pets(id, owner_id, name) values (" + i + ", " + i + ", 'pet" + i + "')");
      }
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(4);
    config.setPoolName("it-" + name);
    pools.put(name, new HikariDataSource(config));
  }

  /** A connection to {@code db} ({@code h2}, {@code pg}) via {@code pool} ({@code direct}, {@code hikari}). */
  Connection connect(String db, String pool) throws SQLException {
    String url = urls.get(db);
    if (url == null) {
      throw new IllegalArgumentException("no database " + db);
    }
    return "hikari".equals(pool) ? pools.get(db).getConnection() : DriverManager.getConnection(url);
  }
}
