package dev.reqtrace.bench;

import example.benchapp.BenchServer;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * One HTTP request served by an embedded Jetty 12 (ee10) servlet, in-process through a
 * {@code LocalConnector} keep-alive connection, without the agent and with it (exporter
 * {@code none}, and the default {@code log}). The agent's cost is the difference between the
 * variants of the same {@code queries}: {@code queries=0} is the servlet hot path alone (request
 * ID, header, request attributes, MDC, server span, route); each query adds one
 * {@code prepareStatement} + {@code executeQuery} on H2, so (added(5) − added(0)) / 5 is the JDBC
 * cost per statement inside a request. {@code queries=20} repeats one statement past the N+1
 * threshold (10): the request also gets N+1 detection and its (rate-limited) WARN report.
 *
 * <p>Jetty runs the request on the calling thread, so the thread's CPU time ({@link ThreadCpu}:
 * {@code cpuNanos / ops}) is the whole request's, and stays meaningful on a busy machine where the
 * wall-clock ns/op does not. With {@code -prof gc}, {@code gc.alloc.rate.norm} is the bytes
 * allocated per request by all threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class ServletRequestBenchmark {
  @Param({"0", "1", "5", "20"})
  public int queries;

  private BenchServer server;
  private BenchServer.Client client;
  private byte[] request;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) throws Exception {
    server = BenchServer.start("servlet");
    client = server.connect();
    request = BenchServer.get("/owners/" + queries);
    Agents.check(params, client.sendForText(request));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    server.close();
  }

  @Benchmark
  @Fork(value = 1, jvmArgs = {Agents.HEAP_MIN, Agents.HEAP_MAX, Agents.PRETOUCH})
  public ByteBuffer noAgent(ThreadCpu cpu) throws Exception {
    cpu.ops++;
    return client.send(request);
  }

  @Benchmark
  @Fork(value = 1, jvmArgs = {Agents.HEAP_MIN, Agents.HEAP_MAX, Agents.PRETOUCH},
      jvmArgsAppend = Agents.EXPORTER_NONE)
  public ByteBuffer reqtraceExporterNone(ThreadCpu cpu) throws Exception {
    cpu.ops++;
    return client.send(request);
  }

  @Benchmark
  @Fork(value = 1, jvmArgs = {Agents.HEAP_MIN, Agents.HEAP_MAX, Agents.PRETOUCH},
      jvmArgsAppend = Agents.EXPORTER_LOG)
  public ByteBuffer reqtraceExporterLog(ThreadCpu cpu) throws Exception {
    cpu.ops++;
    return client.send(request);
  }

  @Benchmark
  @Fork(value = 1, jvmArgs = {Agents.HEAP_MIN, Agents.HEAP_MAX, Agents.PRETOUCH},
      jvmArgsAppend = Agents.EXPORTER_OTLP_DOWN)
  public ByteBuffer reqtraceExporterOtlpDown(ThreadCpu cpu) throws Exception {
    cpu.ops++;
    return client.send(request);
  }
}
