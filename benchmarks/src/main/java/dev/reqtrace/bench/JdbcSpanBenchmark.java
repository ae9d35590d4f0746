package dev.reqtrace.bench;

import dev.reqtrace.bootstrap.Activation;
import dev.reqtrace.bootstrap.JdbcCall;
import dev.reqtrace.bootstrap.RequestScope;
import dev.reqtrace.bootstrap.SqlDialect;
import dev.reqtrace.bootstrap.SqlNormalizer;
import dev.reqtrace.bootstrap.StatementRecord;
import dev.reqtrace.bootstrap.ThreadState;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the JDBC advice adds to one statement, measured on the bootstrap code it calls, exactly the
 * calls the inlined advice makes ({@code ThreadState}, {@code JdbcCall.start}, {@code end}),
 * without a database: a driver's own cost would only hide ours. The connection and statements are
 * JDK proxies of the {@code java.sql} interfaces, so {@code getConnection()} through a proxy is
 * included where the advice calls it (plain statements) and makes those figures a little high.
 *
 * <p>Inside a request every statement becomes a span of that request; the request is replaced
 * every {@link #STATEMENTS_PER_REQUEST} statements (its start is amortised into the figures), so
 * every measured statement takes the full path, span kept.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JdbcSpanBenchmark {
  /** Spans a request keeps ({@code DbStats.MAX_SPANS}). */
  static final int STATEMENTS_PER_REQUEST = 1000;
  static final String PREPARED_SQL =
      "select o.id, o.first_name, o.last_name from owners o where o.id = ? and o.city in (?, ?, ?)";
  static final String PLAIN_SQL =
      "select o.id, o.first_name, o.last_name from owners o where o.id = 42 and o.email = 'a@example.com'";

  private Connection connection;
  private PreparedStatement prepared;
  private Statement plain;
  private Activation request;
  private int statements;

  @Setup(Level.Trial)
  public void setUp() {
    InvocationHandler connectionHandler = (proxy, method, args) -> switch (method.getName()) {
      case "getMetaData" -> metaData();
      case "unwrap", "getConnection" -> proxy;
      case "hashCode" -> System.identityHashCode(proxy);
      case "equals" -> proxy == args[0];
      default -> null;
    };
    connection = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Connection.class}, connectionHandler);
    InvocationHandler statementHandler = (proxy, method, args) -> switch (method.getName()) {
      case "getConnection" -> connection;
      case "hashCode" -> System.identityHashCode(proxy);
      case "equals" -> proxy == args[0];
      default -> null;
    };
    prepared = (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {PreparedStatement.class}, statementHandler);
    plain = (Statement) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Statement.class}, statementHandler);
    StatementRecord.prepared(connection, prepared, PREPARED_SQL);
  }

  private static Object metaData() {
    return Proxy.newProxyInstance(JdbcSpanBenchmark.class.getClassLoader(),
        new Class<?>[] {java.sql.DatabaseMetaData.class},
        (proxy, method, args) -> method.getName().equals("getURL") ? "jdbc:h2:mem:bench" : null);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (request != null) {
      request.end(200, null, null);
    }
  }

  /** Started on first use: the outside-request benchmark (its own fork) never starts one. */
  private void nextRequestEvery1000() {
    if (request == null) {
      request = RequestScope.start("GET", "/owners", null, null);
    } else if (++statements == STATEMENTS_PER_REQUEST) {
      statements = 0;
      request.end(200, null, null);
      request = RequestScope.start("GET", "/owners", null, null);
    }
  }

  /** {@code PreparedStatement.executeQuery()} in a request: SQL from the weak map, span kept. */
  @Benchmark
  public JdbcCall preparedExecuteInRequest() {
    nextRequestEvery1000();
    ThreadState thread = ThreadState.current();
    JdbcCall call = thread.enterJdbc() > 0 ? null : JdbcCall.start(thread, prepared, null);
    thread.exitJdbc();
    if (call != null) {
      call.end(-1, null);
    }
    return call;
  }

  /** {@code Statement.executeQuery(String)} in a request: normalized text from the cache. */
  @Benchmark
  public JdbcCall plainExecuteInRequest() {
    nextRequestEvery1000();
    ThreadState thread = ThreadState.current();
    JdbcCall call = thread.enterJdbc() > 0 ? null : JdbcCall.start(thread, plain, PLAIN_SQL);
    thread.exitJdbc();
    if (call != null) {
      call.end(-1, null);
    }
    return call;
  }

  /** {@code Connection.prepareStatement(sql)} returning: a new statement remembered weakly. */
  @Benchmark
  public Object prepareStatement() {
    Object statement = new Object();
    StatementRecord.prepared(connection, statement, PREPARED_SQL);
    return statement;
  }

  /** A statement outside any request: counted only. */
  @Benchmark
  public JdbcCall preparedExecuteOutsideRequest() {
    ThreadState thread = ThreadState.current();
    JdbcCall call = thread.enterJdbc() > 0 ? null : JdbcCall.start(thread, prepared, null);
    thread.exitJdbc();
    return call;
  }

  /** The first sight of a raw SQL text (cache miss): the normalizer itself. */
  @Benchmark
  public String normalizeUncached() {
    return SqlNormalizer.normalize(PLAIN_SQL, SqlDialect.STANDARD);
  }
}
