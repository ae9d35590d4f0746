package dev.reqtrace.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * CPU time of the benchmark thread, as two JMH counters summed over the measurement iterations:
 * {@code cpuNanos} and {@code ops}; their ratio is CPU ns per operation. On a shared 2-core box
 * the wall-clock score mostly measures how often this thread got a core; the CPU it used does not
 * depend on that. Meaningful only where the work runs on the benchmark thread (the servlet
 * benchmark's requests do, see {@code BenchServer}).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** Operations counted by the benchmark method in this iteration. */
  public long ops;
  private long threadId;
  private long start;

  @Setup(Level.Iteration)
  public void begin() {
    ops = 0;
    threadId = Thread.currentThread().getId();
    start = THREADS.getThreadCpuTime(threadId);
  }

  /** CPU nanoseconds of the benchmark thread in this iteration (read by JMH after it). */
  public long cpuNanos() {
    return THREADS.getThreadCpuTime(threadId) - start;
  }
}
