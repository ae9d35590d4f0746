package dev.reqtrace.bootstrap;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts what went wrong inside advice, by kind, so the agent can report it (once per kind per
 * minute) without advice ever logging or throwing on a request thread.
 */
public final class Failures {
  /** Reading or writing the application's logging context failed. */
  public static final int MDC = 0;
  /** The request listener (the agent's recorder) threw. */
  public static final int LISTENER = 1;
  /** Registering or running async completion failed. */
  public static final int ASYNC = 2;
  /** Any other advice failure. */
  public static final int ADVICE = 3;
  /** Number of kinds. */
  public static final int KINDS = 4;

  private static final AtomicLongArray COUNTS = new AtomicLongArray(KINDS);
  /*
   * The latest example as text, never the Throwable: its class and the classes on its stack trace
   * are often a webapp's, and a static field of the boot loader holding it would pin an undeployed
   * webapp's loader until the next failure of that kind.
   */
  private static final String[] LAST = new String[KINDS];
  /** 1 while kind's example is wanted: the first failure after each report describes itself. */
  private static final AtomicIntegerArray WANTED = new AtomicIntegerArray(new int[] {1, 1, 1, 1});

  private Failures() {}

  /** Counts one failure of {@code kind} and, once per report, remembers it as the example. */
  public static void record(int kind, Throwable failure) {
    COUNTS.incrementAndGet(kind);
    // Describing reads the stack trace: once per report, not once per failure in a storm.
    if (WANTED.get(kind) == 1 && WANTED.compareAndSet(kind, 1, 0)) {
      LAST[kind] = describe(failure);
    }
  }

  /** Total failures of {@code kind} since start. */
  public static long count(int kind) {
    return COUNTS.get(kind);
  }

  /**
   * The example of {@code kind} since the last call (its exception class and top frame), or
   * {@code null}; the next failure of that kind becomes the next example.
   */
  public static String takeExample(int kind) {
    String example = LAST[kind];
    WANTED.set(kind, 1);
    return example;
  }

  private static String describe(Throwable failure) {
    if (failure == null) {
      return "unknown";
    }
    try {
      StackTraceElement[] stack = failure.getStackTrace();
      String where = stack.length == 0 ? ""
          : " at " + stack[0].getClassName() + "." + stack[0].getMethodName();
      return failure.getClass().getName() + where;
    } catch (Throwable e) {
      return failure.getClass().getName();
    }
  }
}
