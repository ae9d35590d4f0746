package dev.reqtrace.bench;

import example.benchapp.BenchServer;
import example.benchapp.TomcatBenchServer;
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
 * {@link ServletRequestBenchmark}'s request on an embedded Tomcat 9 (javax) over a loopback
 * keep-alive connection: the container of the demo and of Spring Boot's default, which recycles
 * the objects an agent's header and attribute calls need. The request runs on Tomcat's worker
 * thread, so CPU is the whole JVM's ({@link ProcessCpu}); {@code gc.alloc.rate.norm} is all
 * threads' as always.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class TomcatRequestBenchmark {
  @Param({"0", "5"})
  public int queries;

  private TomcatBenchServer server;
  private TomcatBenchServer.Client client;
  private byte[] request;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) throws Exception {
    server = TomcatBenchServer.start("tomcat");
    client = server.connect();
    request = BenchServer.get("/owners/" + queries);
    Agents.check(params, client.sendForText(request));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    client.close();
    server.close();
  }

  @Benchmark
  @Fork(value = 1, jvmArgs = {Agents.HEAP_MIN, Agents.HEAP_MAX, Agents.PRETOUCH})
  public int noAgent(ProcessCpu cpu) throws Exception {
    cpu.ops++;
    return client.send(request);
  }

  @Benchmark
  @Fork(value = 1, jvmArgs = {Agents.HEAP_MIN, Agents.HEAP_MAX, Agents.PRETOUCH},
      jvmArgsAppend = Agents.EXPORTER_NONE)
  public int reqtraceExporterNone(ProcessCpu cpu) throws Exception {
    cpu.ops++;
    return client.send(request);
  }
}
