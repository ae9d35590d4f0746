package dev.reqtrace.bootstrap;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * One logging context class of the application ({@code org.slf4j.MDC} or Log4j2's
 * {@code ThreadContext}), called through method handles because the boot loader cannot link to it.
 */
public final class MdcTarget {
  private static final MethodType PUT = MethodType.methodType(void.class, String.class, String.class);
  private static final MethodType GET = MethodType.methodType(String.class, String.class);
  private static final MethodType REMOVE = MethodType.methodType(void.class, String.class);

  /*
   * Kept in a ClassValue of the logging class itself: the handles point into the application's
   * loader, and holding them anywhere long-lived of ours would pin a redeployed webapp.
   */
  private static final ClassValue<MdcTarget> BY_CLASS = new ClassValue<MdcTarget>() {
    @Override
    protected MdcTarget computeValue(Class<?> type) {
      return create(type);
    }
  };

  private final MethodHandle put;
  private final MethodHandle get;
  private final MethodHandle remove;
  /** This target alone, the usual answer of {@link LoggingContexts#current()}: no array per request. */
  final MdcTarget[] alone = {this};

  private MdcTarget(MethodHandle put, MethodHandle get, MethodHandle remove) {
    this.put = put;
    this.get = get;
    this.remove = remove;
  }

  /** The target for {@code type}, or {@code null} when it lacks the static put/get/remove API. */
  static MdcTarget of(Class<?> type) {
    return type == null ? null : BY_CLASS.get(type);
  }

  private static MdcTarget create(Class<?> type) {
    try {
      if (isNoOp(type)) {
        return null;
      }
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      return new MdcTarget(lookup.findStatic(type, "put", PUT), lookup.findStatic(type, "get", GET),
          lookup.findStatic(type, "remove", REMOVE));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  /*
   * SLF4J without a logging backend, or with one that has no MDC (slf4j-simple, slf4j-nop), answers
   * with its NOPMDCAdapter: nothing put there is ever printed, so the request need not write three
   * keys, nor its span ID as text, into it. Asked once per MDC class; calling getMDCAdapter
   * initialises SLF4J exactly as the first put would. (The simple name, because the agent's
   * shading would rewrite an "org.slf4j" literal to its own copy.)
   */
  private static boolean isNoOp(Class<?> type) {
    if (!type.getSimpleName().equals("MDC")) {
      return false;
    }
    try {
      Object adapter = type.getMethod("getMDCAdapter").invoke(null);
      return adapter != null && adapter.getClass().getSimpleName().equals("NOPMDCAdapter");
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return false; // e.g. an SLF4J before 1.7 without getMDCAdapter: keep writing to it
    }
  }

  /** The current value of {@code key} on this thread, or {@code null}. */
  String get(String key) throws Throwable {
    return (String) get.invokeExact(key);
  }

  /** Sets {@code key}, or removes it when {@code value} is {@code null}. */
  void set(String key, String value) throws Throwable {
    if (value == null) {
      remove.invokeExact(key);
    } else {
      put.invokeExact(key, value);
    }
  }
}
