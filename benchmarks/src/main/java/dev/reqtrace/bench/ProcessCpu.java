package dev.reqtrace.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * CPU time of the whole fork's JVM (every thread: the client, the container's poller and worker,
 * GC, JIT), as the same two JMH counters as {@link ThreadCpu}: {@code cpuNanos} and {@code ops}.
 * For a container whose requests run on its own threads; the client's share is the same in both
 * variants but for the bytes of the one extra response header.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class ProcessCpu {
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** Operations counted by the benchmark method in this iteration. */
  public long ops;
  private long start;

  @Setup(Level.Iteration)
  public void begin() {
    ops = 0;
    start = OS.getProcessCpuTime();
  }

  /** CPU nanoseconds of the whole JVM in this iteration (read by JMH after it). */
  public long cpuNanos() {
    return OS.getProcessCpuTime() - start;
  }
}
