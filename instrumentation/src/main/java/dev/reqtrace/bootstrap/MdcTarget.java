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
  // Built at run time: shading would rewrite an "org.slf4j..." literal to the agent's own copy.
  private static final String NO_OP_ADAPTER =
      String.join(".", "org", "slf4j", "helpers", "NOPMDCAdapter");

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
  /** SLF4J's {@code MDC.getMDCAdapter()} as {@code ()Object}, or {@code null} for other targets. */
  private final MethodHandle adapter;
  /** SLF4J's {@code NOPMDCAdapter} as the application's loader sees it, or {@code null}. */
  private final Class<?> noOpAdapter;
  /**
   * Set once SLF4J answered with a real adapter: it never goes back to the no-op one, so later
   * requests skip the look-up. Plain: a thread that still reads {@code false} only looks again.
   */
  private boolean bound;
  /** This target alone, the usual answer of {@link LoggingContexts#current()}: no array per request. */
  final MdcTarget[] alone = {this};

  private MdcTarget(MethodHandle put, MethodHandle get, MethodHandle remove, MethodHandle adapter,
      Class<?> noOpAdapter) {
    this.put = put;
    this.get = get;
    this.remove = remove;
    this.adapter = adapter;
    this.noOpAdapter = noOpAdapter;
  }

  /** The target for {@code type}, or {@code null} when it lacks the static put/get/remove API. */
  static MdcTarget of(Class<?> type) {
    return type == null ? null : BY_CLASS.get(type);
  }

  private static MdcTarget create(Class<?> type) {
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      MethodHandle adapter = null;
      Class<?> noOpAdapter = null;
      if (type.getSimpleName().equals("MDC")) {
        try {
          adapter = lookup.unreflect(type.getMethod("getMDCAdapter"))
              .asType(MethodType.methodType(Object.class));
          noOpAdapter = Class.forName(NO_OP_ADAPTER, false, type.getClassLoader());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
          adapter = null; // an SLF4J before 1.7 has no getMDCAdapter: always written to
        }
      }
      return new MdcTarget(lookup.findStatic(type, "put", PUT), lookup.findStatic(type, "get", GET),
          lookup.findStatic(type, "remove", REMOVE), adapter, noOpAdapter);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  /**
   * Whether this is SLF4J's MDC answering with its no-op adapter (SLF4J without a logging backend,
   * or with one that has no MDC: slf4j-simple, slf4j-nop): nothing put there is ever printed, so a
   * request skips its three keys and the span ID's text. Asked per request until SLF4J answers
   * with a real adapter, not once: SLF4J sets its adapter when its provider is bound, which can be
   * after the first request.
   */
  boolean isNoOp() {
    if (adapter == null || bound) {
      return false;
    }
    try {
      Object current = (Object) adapter.invokeExact();
      if (current == null) {
        return false;
      }
      if (current.getClass() == noOpAdapter) {
        return true;
      }
      bound = true;
      return false;
    } catch (Throwable e) {
      return false;
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
