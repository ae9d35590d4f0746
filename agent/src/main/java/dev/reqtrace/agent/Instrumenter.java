package dev.reqtrace.agent;

import dev.reqtrace.instrumentation.Descriptor;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/** Installs the enabled descriptors: one transformer, built behind the application's start-up. */
final class Instrumenter {
  private final Logger log;
  private final AtomicLong transformed = new AtomicLong();
  private static final int MAX_FAILURE_LINES = 10;
  private final AtomicLong failed = new AtomicLong();
  private volatile SuperTypeFilter superTypes;
  private volatile AdviceTransformer adviceTransformer;

  Instrumenter(Logger log) {
    this.log = log;
  }

  /**
   * Registers the agent's transformer now and builds the Byte Buddy part behind it on a background
   * thread: loading Byte Buddy is most of the agent's fixed start-up cost, and the application's own
   * start-up runs meanwhile, until its first candidate class waits for it (see
   * {@link DeferredTransformer}). Classes loaded before {@code premain} (or before an attach) are
   * retransformed; {@link AdviceTransformer} keeps every class's shape, as retransformation
   * requires.
   */
  void install(Instrumentation instrumentation, List<Descriptor> descriptors) {
    List<String> roots = new ArrayList<>();
    List<SuperTypeFilter.Group> groups = new ArrayList<>();
    for (Descriptor descriptor : descriptors) {
      roots.addAll(descriptor.typeRoots());
      groups.add(new SuperTypeFilter.Group(descriptor.methodNames(),
          descriptor::mayTransformClassNamed));
    }
    SuperTypeFilter filter = new SuperTypeFilter(roots, groups);
    superTypes = filter;
    DeferredTransformer transformer = new DeferredTransformer(filter);
    instrumentation.addTransformer(transformer, true);
    // Taken after registering: a class loaded from now on is the transformer's; these are not.
    Class<?>[] loadedBefore = instrumentation.getAllLoadedClasses();
    long startNanos = System.nanoTime();
    Thread init = new Thread(() -> {
      try {
        AdviceTransformer built = null;
        try {
          built = adviceTransformer(descriptors);
        } finally {
          transformer.activate(built); // null: a failure; nothing waits for it any longer
        }
        int retransformed = retransform(instrumentation, filter, loadedBefore, transformer.missed());
        log.debug("instrumentation ready in {} ms, {} loaded classes retransformed{}",
            (System.nanoTime() - startNanos) / 1_000_000, retransformed,
            transformer.missed().isEmpty() ? "" : ", never defined: " + transformer.missed());
        warmUp(built);
      } catch (Throwable e) {
        log.warn("instrumentation not installed, requests are not traced: {}", e.toString());
      }
    }, "reqtrace-init");
    init.setDaemon(true);
    transformer.builtBy(init);
    init.start();
  }

  private void warmUp(AdviceTransformer built) {
    long startNanos = System.nanoTime();
    try {
      boolean transformed = built.warmUp();
      log.debug("Byte Buddy warmed up in {} ms{}", (System.nanoTime() - startNanos) / 1_000_000,
          transformed ? "" : " (no JDBC advice to run)");
    } catch (Throwable e) {
      // Caught here, not by the caller: instrumentation is installed by now, and only the first
      // candidate's transformation is slower for a failed warm-up.
      log.debug("Byte Buddy warm-up failed: {}", e.toString());
    }
  }

  private AdviceTransformer adviceTransformer(List<Descriptor> descriptors) {
    AdviceTransformer built = new AdviceTransformer(descriptors, new AdviceTransformer.Listener() {
          @Override
          public void transformed(String typeName) {
            transformed.incrementAndGet();
            log.debug("instrumented {}", typeName);
          }

          @Override
          public void failed(String typeName, Throwable error) {
            reportFailure("instrument", typeName, error);
          }
        });
    adviceTransformer = built;
    return built;
  }

  /**
   * Retransforms the candidates among the classes loaded before the transformer was registered,
   * and those it had to let pass ({@code missed}); a missed class whose loading is still under way
   * is looked for again for up to two seconds.
   */
  private int retransform(Instrumentation instrumentation, SuperTypeFilter filter,
      Class<?>[] loadedBefore, Set<String> missed) throws InterruptedException {
    int retransformed = 0;
    for (int attempt = 0; attempt < 20; attempt++) {
      Class<?>[] types = attempt == 0 ? loadedBefore : instrumentation.getAllLoadedClasses();
      for (Class<?> type : types) {
        String name = type.getName().replace('.', '/');
        if ((attempt == 0 || missed.contains(name)) && instrumentation.isModifiableClass(type)
            && filter.mayTransform(type.getClassLoader(), name, type, null)) {
          missed.remove(name);
          try {
            instrumentation.retransformClasses(type);
            retransformed++;
          } catch (Throwable e) {
            reportFailure("retransform", type.getName(), e);
          }
        }
      }
      if (missed.isEmpty()) {
        break;
      }
      Thread.sleep(100);
    }
    return retransformed;
  }

  /**
   * Starts the agent's housekeeping thread, a daemon that does nothing else: once a second it runs
   * {@code everySecond}, and empties the super type cache and the types and advice Byte Buddy
   * parsed once no class has loaded for 1 to 2 seconds: both hold loaders strongly (a redeployed
   * webapp's loader must be able to go) and are heap the application no longer needs once its
   * start-up is over.
   */
  void startHousekeeping(Runnable everySecond) {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
          Thread thread = new Thread(task, "reqtrace-housekeeping");
          thread.setDaemon(true);
          return thread;
        });
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        everySecond.run();
      } catch (Throwable e) {
        log.debug("housekeeping task failed: {}", e.toString()); // must not end the schedule
      }
      SuperTypeFilter filter = superTypes;
      AdviceTransformer transformer = adviceTransformer;
      if (filter != null && filter.clearIfIdle() && transformer != null) {
        transformer.forgetParsedTypes();
      }
    }, 1, 1, TimeUnit.SECONDS);
  }

  long transformedCount() {
    return transformed.get();
  }

  /**
   * One WARN line per class that could not be instrumented (it still loads, untouched, and what it
   * serves is not traced), for the first {@link #MAX_FAILURE_LINES}; later ones at debug, after one
   * line saying so: a broken class file format must not flood the log.
   */
  private void reportFailure(String what, String typeName, Throwable error) {
    long count = failed.incrementAndGet();
    if (count <= MAX_FAILURE_LINES) {
      log.warn("could not {} {}, which loads unchanged and is not traced: {}", what, typeName,
          error.toString());
      if (count == MAX_FAILURE_LINES) {
        log.warn("further classes that cannot be instrumented are logged at debug level only");
      }
    } else {
      log.debug("could not {} {}: {}", what, typeName, error.toString());
    }
  }

  long failedCount() {
    return failed.get();
  }

  static List<String> names(List<Descriptor> descriptors) {
    List<String> names = new ArrayList<>();
    for (Descriptor d : descriptors) {
      if (!names.contains(d.name())) {
        names.add(d.name());
      }
    }
    return names;
  }
}
