package dev.reqtrace.bootstrap;

/**
 * Per-thread nesting counters, so a filter chain, a {@code service()} calling {@code super.service()}
 * or a statement wrapper delegating to another one opens one scope, not several.
 */
public final class Depth {
  /** Servlets and filters share this key: the outermost of them opens the request. */
  public static final int SERVER = 0;
  /** Every {@code Statement} type shares this key: the outermost execute is the span. */
  public static final int JDBC = 1;

  private static final ThreadLocal<int[]> COUNTERS = ThreadLocal.withInitial(() -> new int[2]);

  private Depth() {}

  /**
   * Enters one level of {@code key} on this thread.
   *
   * @return the depth before entering: 0 for the outermost call
   */
  public static int enter(int key) {
    return COUNTERS.get()[key]++;
  }

  /** Leaves one level of {@code key}; never goes below zero, whatever unbalanced advice did. */
  public static void exit(int key) {
    int[] counters = COUNTERS.get();
    if (counters[key] > 0) {
      counters[key]--;
    }
  }
}
