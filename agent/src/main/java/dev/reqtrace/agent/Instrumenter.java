package dev.reqtrace.agent;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import dev.reqtrace.instrumentation.Descriptor;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;
import org.slf4j.Logger;

/** Installs the enabled descriptors with one Byte Buddy agent builder. */
final class Instrumenter {
  private final Logger log;
  private final AtomicLong transformed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile SuperTypeFilter superTypes;

  Instrumenter(Logger log) {
    this.log = log;
  }

  /**
   * Registers the agent's transformer now and builds Byte Buddy's behind it on a background thread:
   * loading Byte Buddy is most of the agent's fixed start-up cost, and the application's own
   * start-up runs meanwhile, until its first candidate class waits for it (see
   * {@link DeferredTransformer}). Classes loaded before {@code premain} (or before an attach) are
   * retransformed; {@code disableClassFormatChanges} keeps every class's shape, as
   * retransformation requires.
   */
  void install(Instrumentation instrumentation, List<Descriptor> descriptors) {
    List<String> roots = new ArrayList<>();
    for (Descriptor descriptor : descriptors) {
      roots.addAll(descriptor.typeRoots());
    }
    SuperTypeFilter filter = new SuperTypeFilter(roots);
    superTypes = filter;
    DeferredTransformer transformer = new DeferredTransformer(filter);
    instrumentation.addTransformer(transformer, true);
    // Taken after registering: a class loaded from now on is the transformer's; these are not.
    Class<?>[] loadedBefore = instrumentation.getAllLoadedClasses();
    long startNanos = System.nanoTime();
    Thread init = new Thread(() -> {
      try {
        ClassFileTransformer built = null;
        try {
          built = byteBuddy(descriptors).makeRaw();
        } finally {
          transformer.activate(built); // null: a failure; nothing waits for it any longer
        }
        int retransformed = retransform(instrumentation, filter, loadedBefore, transformer.missed());
        log.debug("instrumentation ready in {} ms, {} loaded classes retransformed{}",
            (System.nanoTime() - startNanos) / 1_000_000, retransformed,
            transformer.missed().isEmpty() ? "" : ", never defined: " + transformer.missed());
      } catch (Throwable e) {
        log.warn("instrumentation not installed, requests are not traced: {}", e.toString());
      }
    }, "reqtrace-init");
    init.setDaemon(true);
    transformer.builtBy(init);
    init.start();
  }

  private AgentBuilder byteBuddy(List<Descriptor> descriptors) {
    // The Nexus serves LoadedTypeInitializers, which disableClassFormatChanges() never uses; its
    // set-up reaches for sun.misc.Unsafe, which JDK 24+ reports on the application's stderr.
    // (Relocation renames this property to dev.reqtrace.shaded.bytebuddy.nexus.disabled.)
    if (System.getProperty("net.bytebuddy.nexus.disabled") == null) {
      System.setProperty("net.bytebuddy.nexus.disabled", "true");
    }
    AgentBuilder builder = new AgentBuilder.Default(
            // Advice only rewrites methods a class declares: no need to compile the method graph of
            // its whole hierarchy, which was a third of the cost of transforming a class.
            new ByteBuddy().with(TypeValidation.DISABLED)
                .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE))
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(AgentBuilder.DescriptionStrategy.Default.HYBRID)
        // No type pool cache: SuperTypeFilter leaves Byte Buddy a few candidates, and a cache kept
        // their parsed hierarchies (6 MB of heap in the demo app) long after start-up.
        .with(AgentBuilder.PoolStrategy.Default.FAST)
        .with(new Reporting())
        .ignore(ignored());
    for (Descriptor descriptor : descriptors) {
      ElementMatcher<ClassLoader> guard = new SeesClass(descriptor.guardClass());
      for (Descriptor.Target target : descriptor.targets()) {
        builder = builder.type(target.types(), guard)
            .transform(new AgentBuilder.Transformer.ForAdvice()
                .include(Instrumenter.class.getClassLoader())
                .advice(target.methods(), target.advice()));
      }
    }
    return builder;
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
            failed.incrementAndGet();
            log.debug("could not retransform {}: {}", type.getName(), e.toString());
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
   * Empties the super type cache every minute, on a daemon thread that does nothing else: it holds
   * loaders strongly, and a redeployed webapp's loader must be able to go.
   */
  void evictSuperTypeCache() {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
          Thread thread = new Thread(task, "reqtrace-type-cache");
          thread.setDaemon(true);
          return thread;
        });
    scheduler.scheduleWithFixedDelay(() -> {
      SuperTypeFilter filter = superTypes;
      if (filter != null) {
        filter.clear();
      }
    }, 1, 1, TimeUnit.MINUTES);
  }

  long transformedCount() {
    return transformed.get();
  }

  long failedCount() {
    return failed.get();
  }

  /*
   * Cheap name checks before any type hierarchy is resolved: the JDK, our own classes and the big
   * libraries that never implement a servlet, filter, request or statement.
   */
  private static ElementMatcher.Junction<TypeDescription> ignored() {
    return nameStartsWith("java.").or(nameStartsWith("javax.").and(
            net.bytebuddy.matcher.ElementMatchers.not(nameStartsWith("javax.servlet."))))
        .or(nameStartsWith("jdk.")).or(nameStartsWith("sun.")).or(nameStartsWith("com.sun."))
        .or(nameStartsWith("dev.reqtrace.")).or(nameStartsWith("net.bytebuddy."))
        .or(nameStartsWith("org.slf4j.")).or(nameStartsWith("ch.qos.logback."))
        .or(nameStartsWith("org.apache.logging.")).or(nameStartsWith("com.fasterxml.jackson."))
        .or(nameStartsWith("kotlin.")).or(nameStartsWith("scala.")).or(nameStartsWith("groovy."))
        .or(nameStartsWith("org.springframework.boot.loader."))
        .or(nameStartsWith("org.springframework.cglib.")).or(nameStartsWith("org.springframework.asm."))
        .or(nameStartsWith("org.hibernate.validator.")).or(nameStartsWith("org.junit."))
        .or(isSynthetic());
  }

  /** Whether a class loader can see a class: skips every type of loaders without the technology. */
  private static final class SeesClass implements ElementMatcher<ClassLoader> {
    private final String resource;
    // Only consulted while classes load, never on a request; weak keys let webapps unload.
    private final Map<ClassLoader, Boolean> cache = new WeakHashMap<>();

    SeesClass(String className) {
      this.resource = className.replace('.', '/') + ".class";
    }

    @Override
    public synchronized boolean matches(ClassLoader loader) {
      if (loader == null) {
        return false;
      }
      return cache.computeIfAbsent(loader, l -> l.getResource(resource) != null);
    }
  }

  private final class Reporting extends AgentBuilder.Listener.Adapter {
    @Override
    public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module,
        boolean loaded, DynamicType dynamicType) {
      transformed.incrementAndGet();
      log.debug("instrumented {}", type.getName());
    }

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
        Throwable error) {
      failed.incrementAndGet();
      log.debug("could not instrument {}: {}", typeName, error.toString());
    }
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
