package dev.reqtrace.instrumentation.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.is;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reqtrace.bootstrap.Activation;
import dev.reqtrace.bootstrap.JdbcCall;
import dev.reqtrace.bootstrap.RequestScope;
import dev.reqtrace.bootstrap.StatementRecord;
import dev.reqtrace.instrumentation.AdviceInstaller;
import java.io.Closeable;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JDBC advice applied for real by Byte Buddy to H2 and HikariCP loaded in a throwaway class
 * loader, so nothing else in this JVM is transformed.
 */
class JdbcAdviceTest {
  private static int databases;
  private Instrumentation instrumentation;
  private ClassFileTransformer transformer;
  private URLClassLoader loader;
  private String url;

  @BeforeEach
  void install() throws Exception {
    instrumentation = ByteBuddyAgent.install();
    loader = new ThrowawayLoader();
    transformer = AdviceInstaller.install(instrumentation, new JdbcInstrumentation(), loader);
    url = "jdbc:h2:mem:advice" + (++databases) + ";DB_CLOSE_DELAY=-1";
    try (Connection c = driverConnection(); Statement s = c.createStatement()) {
      s.execute("create table owners(id int primary key, name varchar(50), secret varchar(50))");
    }
  }

  @AfterEach
  void reset() throws Exception {
    instrumentation.removeTransformer(transformer);
    loader.close();
  }

  @Test
  void aPreparedStatementIsOneSpanWithNormalizedSqlSystemAndOperation() throws Exception {
    List<JdbcCall> spans = inRequest(() -> {
      try (Connection c = driverConnection();
          PreparedStatement ps = c.prepareStatement("select name from owners where id = ? and secret = 'S3cret!'")) {
        ps.setInt(1, 7);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
        }
      }
    });
    assertThat(spans).singleElement().satisfies(span -> {
      assertThat(span.sql().text()).isEqualTo("select name from owners where id = ? and secret = ?");
      assertThat(span.system()).isEqualTo("h2");
      assertThat(span.sql().operation()).isEqualTo("SELECT");
      assertThat(span.batchSize()).isZero();
      assertThat(span.durationNanos()).isPositive();
    });
  }

  @Test
  void aClosedStatementIsForgottenAtOnceThroughThePoolToo() throws Exception {
    try (Closeable pool = pool()) {
      DataSource ds = (DataSource) pool;
      for (Connection c : List.of(driverConnection(), ds.getConnection())) {
        try (c) {
          PreparedStatement ps = c.prepareStatement("select name from owners where id = ?");
          assertThat(StatementRecord.tracks(ps)).as("prepared through " + c.getClass().getName()).isTrue();
          ps.close();
          assertThat(StatementRecord.tracks(ps)).as("closed through " + c.getClass().getName()).isFalse();
        }
      }
    }
  }

  @Test
  void aHikariProxyDelegatingToTheDriverStatementIsOneSpanPerExecute() throws Exception {
    try (Closeable pool = pool()) {
      DataSource ds = (DataSource) pool;
      List<JdbcCall> spans = inRequest(() -> {
        try (Connection c = ds.getConnection()) {
          assertThat(c.getClass().getName()).contains("Hikari");
          try (PreparedStatement insert = c.prepareStatement("insert into owners(id, name) values (?, ?)")) {
            insert.setInt(1, 1);
            insert.setString(2, "alice@example.com");
            insert.executeUpdate();
          }
          try (PreparedStatement select = c.prepareStatement("select * from owners where id = ?")) {
            select.setInt(1, 1);
            select.executeQuery().close();
            select.execute();
          }
          try (Statement plain = c.createStatement()) {
            plain.executeUpdate("update owners set name = 'bob' where id = 1");
          }
        }
      });
      assertThat(spans).extracting(s -> s.sql().text() + " rows=" + s.rows()).containsExactly(
          "insert into owners(id, name) values (?, ?) rows=1",
          "select * from owners where id = ? rows=-1",
          "select * from owners where id = ? rows=-1",
          "update owners set name = ? where id = ? rows=1");
      assertThat(spans).extracting(JdbcCall::system).containsOnly("h2");
    }
  }

  @Test
  void batchesAreOneSpanWithTheirSizeAndRowsThroughThePoolToo() throws Exception {
    try (Closeable pool = pool()) {
      DataSource ds = (DataSource) pool;
      List<JdbcCall> spans = inRequest(() -> {
        try (Connection c = ds.getConnection()) {
          try (PreparedStatement ps = c.prepareStatement("insert into owners(id, name) values (?, ?)")) {
            for (int i = 10; i < 15; i++) {
              ps.setInt(1, i);
              ps.setString(2, "owner" + i);
              ps.addBatch();
            }
            ps.executeBatch();
            ps.setInt(1, 99);
            ps.setString(2, "cleared");
            ps.addBatch();
            ps.clearBatch();
            ps.setInt(1, 20);
            ps.setString(2, "again");
            ps.addBatch();
            ps.executeBatch();
          }
          try (Statement s = c.createStatement()) {
            s.addBatch("update owners set name = 'x' where id = 10");
            s.addBatch("update owners set name = 'y' where id = 11");
            s.addBatch("delete from owners where id = 12");
            s.executeBatch();
          }
        }
      });
      assertThat(spans).extracting(s -> s.sql().text() + " batch=" + s.batchSize() + " rows=" + s.rows())
          .containsExactly(
              "insert into owners(id, name) values (?, ?) batch=5 rows=5",
              "insert into owners(id, name) values (?, ?) batch=1 rows=1",
              "update owners set name = ? where id = ?; delete from owners where id = ? batch=3 rows=3");
      assertThat(spans.get(2).sql().operation()).isEqualTo("BATCH");
    }
  }

  @Test
  void statementsOutsideARequestAreCountedNotAttached() throws Exception {
    long before = JdbcCall.outsideRequests();
    try (Connection c = driverConnection(); Statement s = c.createStatement()) {
      s.execute("select 1");
      s.executeQuery("select 2").close();
    }
    assertThat(JdbcCall.outsideRequests() - before).isEqualTo(2);
  }

  /**
   * Work handed off during a request (an {@code @Async} fire-and-forget, an async task) may run
   * after the request ended and was reported: its statements were added to the ended request,
   * read by nobody, so they were in no metric and not counted as outside requests either.
   */
  @Test
  void statementsAfterTheRequestEndedAreCountedOutsideNotAddedToIt() throws Exception {
    Activation activation = RequestScope.start("GET", "/owners", null, null);
    Runnable later;
    try {
      later = RequestScope.wrap(() -> {
        try (Connection c = driverConnection(); Statement s = c.createStatement()) {
          s.executeQuery("select 1").close();
          try (PreparedStatement ps = c.prepareStatement("insert into owners(id, name) values (?, ?)")) {
            ps.setInt(1, 77);
            ps.setString(2, "late");
            ps.addBatch();
            ps.executeBatch();
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
    } finally {
      activation.end(200, null, null);
    }
    long before = JdbcCall.outsideRequests();
    later.run();
    assertThat(activation.scope().db().count()).isZero();
    assertThat(JdbcCall.outsideRequests() - before).isEqualTo(2);
  }

  @Test
  void aFailingStatementIsRecordedAndTheApplicationStillGetsItsException() throws Exception {
    List<JdbcCall> spans = inRequest(() -> {
      try (Connection c = driverConnection(); Statement s = c.createStatement()) {
        assertThatThrownBy(() -> s.executeQuery("select * from no_such_table where x = 'S3cret!'"))
            .isInstanceOf(SQLException.class);
      }
    });
    assertThat(spans).singleElement().satisfies(span -> {
      assertThat(span.failed()).isTrue();
      assertThat(span.sql().text()).isEqualTo("select * from no_such_table where x = ?");
    });
  }

  @Test
  void throwingAdviceNeverBreaksTheApplicationMethod() throws Exception {
    instrumentation.removeTransformer(transformer);
    loader.close();
    loader = new ThrowawayLoader();
    transformer = new AgentBuilder.Default().disableClassFormatChanges()
        .type(named("org.h2.jdbc.JdbcPreparedStatement"), is(loader))
        .transform(new AgentBuilder.Transformer.ForAdvice().include(getClass().getClassLoader())
            .advice(named("executeQuery"), ThrowingAdvice.class.getName()))
        .installOn(instrumentation);
    try (Connection c = driverConnection();
        PreparedStatement ps = c.prepareStatement("select 42")) {
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(42);
      }
    }
  }

  /** Advice that fails on both ends. */
  public static final class ThrowingAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter() {
      throw new IllegalStateException("advice enter failed");
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit() {
      throw new IllegalStateException("advice exit failed");
    }
  }

  interface Work {
    void run() throws Exception;
  }

  private static List<JdbcCall> inRequest(Work work) throws Exception {
    Activation activation = RequestScope.start("GET", "/owners", null, null);
    try {
      work.run();
    } finally {
      activation.end(200, null, null);
    }
    return activation.scope().db().spans();
  }

  private Connection driverConnection() throws Exception {
    Driver driver = (Driver) loader.loadClass("org.h2.Driver").getConstructor().newInstance();
    return driver.connect(url, new Properties());
  }

  private Closeable pool() throws Exception {
    Class<?> type = loader.loadClass("com.zaxxer.hikari.HikariDataSource");
    Object ds = type.getConstructor().newInstance();
    type.getMethod("setJdbcUrl", String.class).invoke(ds, url);
    type.getMethod("setMaximumPoolSize", int.class).invoke(ds, 2);
    return (Closeable) ds;
  }

  /** H2, HikariCP and SLF4J of their own; our bootstrap classes from the test's loader. */
  private static final class ThrowawayLoader extends URLClassLoader {
    ThrowawayLoader() {
      super(new URL[] {jarOf(org.h2.Driver.class), jarOf(com.zaxxer.hikari.HikariDataSource.class),
          jarOf(org.slf4j.LoggerFactory.class)}, ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith("dev.reqtrace.")) {
        return JdbcAdviceTest.class.getClassLoader().loadClass(name);
      }
      return super.loadClass(name, resolve);
    }

    private static URL jarOf(Class<?> type) {
      return type.getProtectionDomain().getCodeSource().getLocation();
    }
  }

}
