package dev.reqtrace.bench;

import example.benchapp.BenchServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcConnectionPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * An H2 in-memory lookup by primary key outside any HTTP request (a batch job, start-up code),
 * without and with the agent: {@code executeQuery} on a statement prepared once, and
 * {@code prepareStatement} + {@code executeQuery} + close as most code without a statement cache
 * does. Inside a request the JDBC cost comes from {@link ServletRequestBenchmark}'s
 * {@code queries} parameter.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class JdbcQueryBenchmark {
  @Param({"executeQuery", "prepareAndExecuteQuery"})
  public String shape;

  private JdbcConnectionPool pool;
  private Connection connection;
  private PreparedStatement prepared;
  private int id;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) throws Exception {
    Agents.checkWithProbeServer(params);
    pool = BenchServer.database("jdbc");
    connection = pool.getConnection();
    prepared = connection.prepareStatement(BenchServer.QUERY);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    prepared.close();
    connection.close();
    pool.dispose();
  }

  private void query(Blackhole bh) throws Exception {
    id = id % 100 + 1;
    if (shape.equals("executeQuery")) {
      read(prepared, bh);
    } else {
      try (PreparedStatement ps = connection.prepareStatement(BenchServer.QUERY)) {
        read(ps, bh);
      }
    }
  }

  private void read(PreparedStatement ps, Blackhole bh) throws Exception {
    ps.setInt(1, id);
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        bh.consume(rs.getInt(1));
        bh.consume(rs.getString(2));
        bh.consume(rs.getString(3));
        bh.consume(rs.getString(4));
      }
    }
  }

  @Benchmark
  @Fork(value = 1, jvmArgs = {Agents.HEAP_MIN, Agents.HEAP_MAX, Agents.PRETOUCH})
  public void noAgent(Blackhole bh, ThreadCpu cpu) throws Exception {
    cpu.ops++;
    query(bh);
  }

  @Benchmark
  @Fork(value = 1, jvmArgs = {Agents.HEAP_MIN, Agents.HEAP_MAX, Agents.PRETOUCH},
      jvmArgsAppend = Agents.EXPORTER_NONE)
  public void reqtraceExporterNone(Blackhole bh, ThreadCpu cpu) throws Exception {
    cpu.ops++;
    query(bh);
  }

  @Benchmark
  @Fork(value = 1, jvmArgs = {Agents.HEAP_MIN, Agents.HEAP_MAX, Agents.PRETOUCH},
      jvmArgsAppend = Agents.EXPORTER_LOG)
  public void reqtraceExporterLog(Blackhole bh, ThreadCpu cpu) throws Exception {
    cpu.ops++;
    query(bh);
  }
}
