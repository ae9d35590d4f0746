package dev.reqtrace.bootstrap;

import java.lang.ref.WeakReference;
import java.util.Arrays;

/**
 * Finds the application's logging contexts (SLF4J {@code MDC}, Log4j2 {@code ThreadContext}) through
 * the thread context class loader, which containers set to the webapp's loader while a request runs.
 * Advice is inlined into container classes that cannot see the webapp's logging jars, so their own
 * loader would be the wrong one to ask.
 */
public final class LoggingContexts {
  // Built at run time: the agent jar's shading rewrites every "org.slf4j..." literal to our
  // relocated copy, and here we need the application's own SLF4J.
  private static final String SLF4J_MDC = String.join(".", "org", "slf4j", "MDC");
  private static final String LOG4J_CONTEXT = "org.apache.logging.log4j.ThreadContext";
  /** log4j-to-slf4j's ThreadContext map, which writes SLF4J's MDC (Spring Boot's default logging). */
  private static final String LOG4J_TO_SLF4J = "org.apache.logging.slf4j.MDCContextMap";
  /** Log4j's own implementation: with it there too, which one Log4j's API uses is its choice. */
  private static final String LOG4J_CORE = "org.apache.logging.log4j.core.LoggerContext";
  private static final MdcTarget[] NONE = new MdcTarget[0];

  /*
   * Loaders remembered at most: one per webapp and the container's own in practice. Past it the
   * oldest is replaced; a loader looked up again then costs its Class.forName calls once more.
   */
  static final int MAX_LOADERS = 32;

  /*
   * Every loader looked up so far with its targets, weakly held so that a redeployed webapp's loader
   * can go; shared by all threads. A cache per thread missed on every request where each request
   * runs on a new thread (virtual threads: Tomcat's useVirtualThreads, Spring Boot's
   * spring.threads.virtual.enabled), and each miss was a Class.forName per logging class: 3.9 µs per
   * request on a Spring Boot app, and a ClassNotFoundException per request where Log4j is absent.
   * New loaders are rare: the array is copied on write and read without a lock.
   */
  private static volatile Entry[] known = new Entry[0];

  private LoggingContexts() {}

  /** The logging contexts visible to this thread's context class loader; empty when none. */
  static MdcTarget[] current() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      return NONE;
    }
    for (Entry entry : known) {
      if (entry.loader.get() == loader) {
        MdcTarget[] targets = entry.resolve();
        if (targets != null) {
          return targets;
        }
      }
    }
    MdcTarget[] targets = lookUp(loader);
    remember(new Entry(loader, targets));
    return targets;
  }

  /** How many loaders are remembered now; for tests. */
  static int rememberedLoaders() {
    return known.length;
  }

  /*
   * Puts the entry first, and drops the entries of loaders gone, an older entry of the same loader
   * (one of its targets was collected, or another thread added it meanwhile) and the oldest past
   * MAX_LOADERS.
   */
  private static synchronized void remember(Entry added) {
    Entry[] current = known;
    Entry[] next = new Entry[Math.min(current.length + 1, MAX_LOADERS)];
    next[0] = added;
    int size = 1;
    for (Entry entry : current) {
      Object loader = entry.loader.get();
      if (size < next.length && loader != null && loader != added.loader.get()) {
        next[size++] = entry;
      }
    }
    known = size == next.length ? next : Arrays.copyOf(next, size);
  }

  /** One loader and what it sees, both weakly held: the targets live as long as its MDC class. */
  private static final class Entry {
    final WeakReference<ClassLoader> loader;
    final WeakReference<?>[] targets;

    Entry(ClassLoader loader, MdcTarget[] found) {
      this.loader = new WeakReference<>(loader);
      this.targets = new WeakReference<?>[found.length];
      for (int i = 0; i < found.length; i++) {
        targets[i] = new WeakReference<>(found[i]);
      }
    }

    /** The targets, or {@code null} when one was collected and the loader must be asked again. */
    MdcTarget[] resolve() {
      if (targets.length == 0) {
        return NONE;
      }
      if (targets.length == 1) {
        Object target = targets[0].get();
        return target == null ? null : ((MdcTarget) target).alone;
      }
      MdcTarget[] found = new MdcTarget[targets.length];
      for (int i = 0; i < targets.length; i++) {
        Object target = targets[i].get();
        if (target == null) {
          return null;
        }
        found[i] = (MdcTarget) target;
      }
      return found;
    }
  }

  private static MdcTarget[] lookUp(ClassLoader loader) {
    MdcTarget slf4j = MdcTarget.of(load(SLF4J_MDC, loader));
    MdcTarget log4j = MdcTarget.of(load(LOG4J_CONTEXT, loader));
    if (slf4j != null && log4j != null) {
      /*
       * Log4j's ThreadContext sent to SLF4J's MDC is only SLF4J's MDC again: writing SLF4J's is
       * enough, and leaves Log4j uninitialised where only the agent would have used it (on the
       * Spring Boot JPA app its initialisation was ~46 ms of the first request). Activation
       * recognises any other bridge by the values it reads back.
       */
      if (load(LOG4J_TO_SLF4J, loader) != null && load(LOG4J_CORE, loader) == null) {
        return slf4j.alone;
      }
      return new MdcTarget[] {slf4j, log4j};
    }
    if (slf4j != null) {
      return slf4j.alone;
    }
    return log4j != null ? log4j.alone : NONE;
  }

  private static Class<?> load(String name, ClassLoader loader) {
    try {
      // No initialisation here: the application initialises its logging when it first logs.
      return Class.forName(name, false, loader);
    } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
      return null;
    }
  }
}
