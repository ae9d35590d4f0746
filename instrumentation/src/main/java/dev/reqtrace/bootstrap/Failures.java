package dev.reqtrace.bootstrap;

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
  private static final Throwable[] LAST = new Throwable[KINDS];

  private Failures() {}

  /** Counts one failure of {@code kind} and remembers it as the latest example. */
  public static void record(int kind, Throwable failure) {
    COUNTS.incrementAndGet(kind);
    LAST[kind] = failure; // a racy write is fine: any recent example will do
  }

  /** Total failures of {@code kind} since start. */
  public static long count(int kind) {
    return COUNTS.get(kind);
  }

  /** The latest failure of {@code kind}, or {@code null}. */
  public static Throwable last(int kind) {
    return LAST[kind];
  }
}
