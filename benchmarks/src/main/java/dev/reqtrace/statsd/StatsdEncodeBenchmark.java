package dev.reqtrace.statsd;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Lines encoded per second on the sender thread: a dogstatsd timer line with 4 tags written
 * into the reusable datagram buffer, datagrams handed to a sink that only counts bytes. This
 * is the sender's own work per sample; the socket write is excluded. Lives in the exporter's
 * package to reach the package-private encoder.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StatsdEncodeBenchmark {
  private static final String[] TAGS = {
      "method", "GET", "route", "/owners/{id}", "http_status", "200", "status_class", "2xx"};

  private LineTemplate timer;
  private LineTemplate counter;
  private Packer packer;
  private long value;
  /** Read by nobody; the sink's side effect that keeps the work alive. */
  public long bytesSent;

  @Setup
  public void setUp() {
    timer = StatsdFormat.DOGSTATSD.lines.template(MetricType.TIMER, "",
        "http_request.response_time", 1.0, TAGS, new String[] {"service", "petclinic"});
    counter = StatsdFormat.DOGSTATSD.lines.template(MetricType.COUNTER, "", "http_request",
        1.0, TAGS, new String[] {"service", "petclinic"});
    packer = new Packer(1432, (ByteBuffer packet, int lines) -> bytesSent += packet.remaining());
  }

  /** One timer sample with a whole-millisecond value (1 to 4 digits). */
  @Benchmark
  public boolean timerLongLine() {
    return packer.append(timer, (value++ & 2047));
  }

  /** One timer sample with a fractional value, e.g. {@code 12.345}. */
  @Benchmark
  public boolean timerDoubleLine() {
    return packer.append(timer, (value++ & 2047) + 0.345);
  }

  /** One aggregated counter line, as written at each flush. */
  @Benchmark
  public boolean counterLine() {
    return packer.append(counter, 1 + (value++ & 255));
  }
}
