package dev.reqtrace.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The {@link JdbcSpanBenchmark} operations timed by the calling thread's CPU time instead of wall
 * time: on a box whose load average is ten times its core count, JMH's wall-clock figures measure
 * the scheduler, while CPU time still measures the code (GC threads' work is not included; the
 * allocation figures of {@code -prof gc} cover that side). Run:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.reqtrace.bench.JdbcSpanCpuTime}.
 */
public final class JdbcSpanCpuTime {
  private static final long OPS = 5_000_000;
  private static final int ROUNDS = 6;

  private JdbcSpanCpuTime() {}

  public static void main(String[] args) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    String[] names = args.length > 0 ? args
        : new String[] {"preparedExecuteInRequest", "plainExecuteInRequest",
            "preparedExecuteOutsideRequest", "prepareStatement"};
    for (String name : names) {
      // A fresh state per operation, as JMH's fork per benchmark gives.
      JdbcSpanBenchmark b = new JdbcSpanBenchmark();
      b.setUp();
      Supplier<Object> op = switch (name) {
        case "preparedExecuteInRequest" -> b::preparedExecuteInRequest;
        case "plainExecuteInRequest" -> b::plainExecuteInRequest;
        case "preparedExecuteOutsideRequest" -> b::preparedExecuteOutsideRequest;
        case "prepareStatement" -> b::prepareStatement;
        default -> throw new IllegalArgumentException(name);
      };
      double best = Double.MAX_VALUE;
      for (int round = 0; round < ROUNDS; round++) {
        long start = mx.getCurrentThreadCpuTime();
        Object sink = null;
        for (long i = 0; i < OPS; i++) {
          sink = op.get();
        }
        double perOp = (double) (mx.getCurrentThreadCpuTime() - start) / OPS;
        if (round >= ROUNDS / 2) { // the first half is warm-up
          best = Math.min(best, perOp);
        }
        if (sink == b) {
          System.out.print(""); // keeps the result alive
        }
      }
      b.tearDown();
      System.out.printf(Locale.ROOT, "%-32s %8.1f ns CPU/op (best of the last %d rounds of %d)%n",
          name, best, ROUNDS - ROUNDS / 2, OPS);
    }
  }
}
