package dev.reqtrace.bootstrap;

import java.lang.ref.WeakReference;

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
  private static final MdcTarget[] NONE = new MdcTarget[0];

  /*
   * Per thread, the last few loaders looked up and their targets, all weakly held, so a loader is
   * never pinned. More than one: on Tomcat every request activates twice, in the host valve (the
   * container's loader) and in the webapp (its own), and a single entry missed on every call, each
   * miss a Class.forName that failed with an exception (about a fifth of the request's CPU).
   */
  private static final int RECENT = 4;

  private LoggingContexts() {}

  /** The logging contexts visible to this thread's context class loader; empty when none. */
  static MdcTarget[] current(ThreadState thread) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      return NONE;
    }
    Recent recent = thread.recentLoaders;
    if (recent == null) {
      recent = new Recent();
      thread.recentLoaders = recent;
    }
    for (int i = 0; i < RECENT; i++) {
      if (recent.loaders[i] != null && recent.loaders[i].get() == loader) {
        MdcTarget[] targets = resolve(recent.targets[i]);
        if (targets != null) {
          return targets;
        }
      }
    }
    MdcTarget[] targets = lookUp(loader);
    WeakReference<?>[] refs = new WeakReference<?>[targets.length];
    for (int i = 0; i < targets.length; i++) {
      refs[i] = new WeakReference<>(targets[i]);
    }
    int slot = recent.next;
    recent.loaders[slot] = new WeakReference<>(loader);
    recent.targets[slot] = refs;
    recent.next = (slot + 1) % RECENT;
    return targets;
  }

  /** One thread's recently looked-up loaders; only that thread touches it. */
  static final class Recent {
    final WeakReference<?>[] loaders = new WeakReference<?>[RECENT];
    final WeakReference<?>[][] targets = new WeakReference<?>[RECENT][];
    int next;
  }

  private static MdcTarget[] resolve(WeakReference<?>[] refs) {
    if (refs.length == 0) {
      return NONE;
    }
    if (refs.length == 1) {
      Object target = refs[0].get();
      return target == null ? null : ((MdcTarget) target).alone;
    }
    MdcTarget[] targets = new MdcTarget[refs.length];
    for (int i = 0; i < refs.length; i++) {
      Object target = refs[i].get();
      if (target == null) {
        return null;
      }
      targets[i] = (MdcTarget) target;
    }
    return targets;
  }

  private static MdcTarget[] lookUp(ClassLoader loader) {
    MdcTarget slf4j = MdcTarget.of(load(SLF4J_MDC, loader));
    MdcTarget log4j = MdcTarget.of(load(LOG4J_CONTEXT, loader));
    if (slf4j != null && log4j != null) {
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
