package dev.reqtrace.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The demo's in-memory H2 database behind H2's own small connection pool. */
final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);
  // Each instance gets its own database, so tests can start several apps in one JVM.
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final JdbcConnectionPool pool;

  private Database(JdbcConnectionPool pool) {
    this.pool = pool;
  }

  /** Creates the schema, seed data and the REFRESH_PET_STATS procedure used by GET /slow. */
  static Database create() throws SQLException {
    // DB_CLOSE_DELAY=-1 keeps the database alive while the pool has no open connection.
    String url = "jdbc:h2:mem:petclinic" + INSTANCES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
    pool.setMaxConnections(20);
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      // H2 reads classpath: URLs itself, also from inside the fat jar.
      s.execute("RUNSCRIPT FROM 'classpath:/db/schema.sql'");
      s.execute("RUNSCRIPT FROM 'classpath:/db/data.sql'");
      // H2 has no SLEEP(); a Java alias gives /slow a statement that is really slow in the driver.
      s.execute("CREATE ALIAS REFRESH_PET_STATS FOR '" + PetStats.class.getName() + ".refresh'");
    } catch (SQLException e) {
      pool.dispose();
      throw e;
    }
    log.info("H2 database ready at {}", url);
    return new Database(pool);
  }

  DataSource dataSource() {
    return pool;
  }

  @Override
  public void close() {
    pool.dispose();
  }
}
