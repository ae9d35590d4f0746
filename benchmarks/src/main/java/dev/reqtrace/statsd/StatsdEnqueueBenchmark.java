package dev.reqtrace.statsd;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a request thread pays per recording: counter increment, gauge set, timer record.
 *
 * <p>Timer records are measured on a ring that always has room: each invocation records a
 * batch of {@value #BATCH} samples into an empty ring of twice that size, and the ring is
 * drained before the next invocation, outside the measured time. A running sender cannot keep
 * up with a thread doing nothing but recording (~100 M/s), so with the real client most records
 * would take the (also cheap) drop path; that path is measured on its own in
 * {@link #timerRecordQueueFull}. The meters are built directly (same package), with no sender
 * thread competing for this box's two cores.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StatsdEnqueueBenchmark {
  static final int BATCH = 4096;
  private static final String[] TAGS = {
      "method", "GET", "route", "/owners/{id}", "status_class", "2xx"};

  private Counter counter;
  private Gauge gauge;

  static LineTemplate template(MetricType type, String name, double rate) {
    return StatsdFormat.DOGSTATSD.lines.template(type, "", name, rate, TAGS, new String[0]);
  }

  @Setup(Level.Trial)
  public void setUp() {
    counter = new Counter(template(MetricType.COUNTER, "http_request", 1.0));
    gauge = new Gauge(template(MetricType.GAUGE, "http_request.active", 1.0));
  }

  /** A ring emptied before every invocation, so each record in the batch is accepted. */
  @State(Scope.Thread)
  public static class Ring {
    SampleRing ring;
    Timer timer;
    Timer sampled;
    private final SampleRing.Consumer discard = (meter, value) -> { };

    @Setup(Level.Trial)
    public void setUp() {
      ring = new SampleRing(2 * BATCH);
      Drops drops = new Drops(new Counter(template(MetricType.COUNTER, "dropped", 1.0)));
      timer = new Timer(0, template(MetricType.TIMER, "t", 1.0), 1.0, ring, drops);
      sampled = new Timer(1, template(MetricType.TIMER, "s", 0.1), 0.1, ring, drops);
    }

    @Setup(Level.Invocation)
    public void drain() {
      ring.drain(discard);
    }
  }

  /** A ring that is always full: every record is a counted drop. */
  @State(Scope.Thread)
  public static class FullRing {
    Timer timer;
    Drops drops;

    @Setup(Level.Trial)
    public void setUp() {
      SampleRing ring = new SampleRing(16);
      drops = new Drops(new Counter(template(MetricType.COUNTER, "dropped", 1.0)));
      timer = new Timer(0, template(MetricType.TIMER, "t", 1.0), 1.0, ring, drops);
      while (ring.offer(0, 0)) {
        // fill it once; nothing ever drains it
      }
    }
  }

  @Benchmark
  public void counterIncrement() {
    counter.increment();
  }

  @Benchmark
  public void gaugeSet() {
    gauge.set(3.0);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void timerRecord(Ring state) {
    Timer timer = state.timer;
    for (int i = 0; i < BATCH; i++) {
      timer.record(i);
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void timerRecordDouble(Ring state) {
    Timer timer = state.timer;
    for (int i = 0; i < BATCH; i++) {
      timer.record(i + 0.5);
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void timerRecordSampled(Ring state) {
    Timer timer = state.sampled;
    for (int i = 0; i < BATCH; i++) {
      timer.record(i);
    }
  }

  @Benchmark
  public void timerRecordQueueFull(FullRing state) {
    state.timer.record(12L);
  }
}
