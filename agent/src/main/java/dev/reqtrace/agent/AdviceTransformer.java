package dev.reqtrace.agent;

import dev.reqtrace.instrumentation.AgentClassFiles;
import dev.reqtrace.instrumentation.Descriptor;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * Inlines the descriptors' advice into a candidate class with Byte Buddy's type pool, {@link Advice}
 * and a decorating builder: the class keeps its members and shape (retransformation needs that), only
 * the matched methods' code changes.
 *
 * <p>This is what Byte Buddy's {@code AgentBuilder} does for an advice-only agent, without its
 * set-up: on every Java 9+ VM that set-up generates and loads a subclass of its transformer with
 * Byte Buddy itself, which was about half of the agent's start-up CPU (1.8 s before, 1.0 s after,
 * in a JVM doing nothing else). Candidates were already chosen by
 * {@link SuperTypeFilter}; the descriptors' matchers decide on the parsed type.
 */
final class AdviceTransformer implements ClassFileTransformer {
  /** Called for each class transformed or failed; the Instrumenter counts and logs. */
  interface Listener {
    void transformed(String typeName);

    void failed(String typeName, Throwable error);
  }

  static {
    ByteBuddyPreload.configure(); // before this class's own first use of Byte Buddy, below
  }

  private static final ByteBuddy BYTE_BUDDY = new ByteBuddy()
      .with(TypeValidation.DISABLED)
      // Byte Buddy adds no field, method or initializer of its own (retransformation forbids it;
      // the one exception, a statement's slot, is written by StatementSlotMembers).
      .with(Implementation.Context.Disabled.Factory.INSTANCE)
      // Advice rewrites only the methods a class declares: no need for its hierarchy's method graph.
      .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);
  /** The agent's own classes: the advice, inlined from its class files. */
  private static final ClassFileLocator AGENT_CLASSES = AgentClassFiles.LOCATOR;

  /** {@link WarmUpStatement}'s name ({@code AdviceTransformerTest} checks it). */
  static final String WARM_UP_STATEMENT = "dev.reqtrace.agent.WarmUpStatement";
  private static final Object BOOT = new Object();

  private final List<Rule> rules = new ArrayList<>();
  private final ConcurrentMap<Object, LoaderCache> caches = new ConcurrentHashMap<>();
  private final Listener listener;
  /*
   * A class loaded while this thread transforms another (a loader's getResource can load classes)
   * is left alone, as Byte Buddy's AgentBuilder does: a transformation never re-enters itself.
   */
  private final ThreadLocal<Boolean> busy = new ThreadLocal<>();

  AdviceTransformer(List<Descriptor> descriptors, Listener listener) {
    this.listener = listener;
    for (Descriptor descriptor : descriptors) {
      Predicate<ClassLoader> guard = new SeesClass(descriptor.guardClass());
      for (Descriptor.Target target : descriptor.targets()) {
        rules.add(new Rule(guard, target, descriptor.methodsOf(target)));
      }
    }
  }

  @Override
  public byte[] transform(ClassLoader loader, String internalName, Class<?> loaded,
      ProtectionDomain domain, byte[] classFile) {
    return transform(null, loader, internalName, loaded, domain, classFile);
  }

  @Override
  public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> loaded,
      ProtectionDomain domain, byte[] classFile) {
    if (internalName == null || busy.get() != null) {
      return null;
    }
    if (IgnoredLibraries.contains(internalName)) {
      return null;
    }
    String name = internalName.replace('/', '.');
    busy.set(Boolean.TRUE);
    try {
      // Members only as the class loads, or again where it got them then: retransformation must
      // keep the class's shape as it is.
      boolean mayAddMembers = (loaded == null || StatementSlotMembers.declaredBy(loaded))
          && StatementSlotMembers.visibleTo(module);
      byte[] transformed = instrument(loader, name, classFile, mayAddMembers);
      if (transformed != null) {
        listener.transformed(name);
      }
      return transformed;
    } catch (Throwable e) {
      listener.failed(name, e);
      return null;
    } finally {
      busy.remove();
    }
  }

  /**
   * Runs Byte Buddy's whole transformation once, result discarded, on a statement class of the
   * agent's own that the JDBC advice matches: on the agent's background thread, while the
   * application is still busy with its own start-up, rather than on the thread that loads the
   * first candidate. Loading, linking and initialising the ~700 classes that takes was most of the
   * first transformation's cost (on the demo about 250 of its 300 ms), and the advice parsed here
   * is kept for the application's own classes of the same loader.
   *
   * @return whether the agent's statement class was transformed (false with JDBC turned off)
   */
  boolean warmUp() throws Exception {
    // Named, not loaded: its interface is in java.sql, which the boot loader (ours, when the
    // agent's classes come from it) cannot see; the application class loader sees both.
    String name = WARM_UP_STATEMENT;
    ClassLoader loader = ClassLoader.getSystemClassLoader();
    return instrument(loader, name, AGENT_CLASSES.locate(name).resolve(), true) != null;
  }

  private byte[] instrument(ClassLoader loader, String name, byte[] classFile,
      boolean mayAddMembers) {
    // The advice is parsed with the class's own loader first: the types in its signatures (the
    // servlet API of a Spring Boot jar or a WAR) are the ones that loader sees.
    ClassFileLocator locator = new ClassFileLocator.Compound(
        ClassFileLocator.Simple.of(name, classFile),
        loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader()
            : ClassFileLocator.ForClassLoader.of(loader),
        AGENT_CLASSES);
    LoaderCache cache = cacheOf(loader);
    TypePool pool = new TypePool.Default.WithLazyResolution(
        new OwnTypeFirst(name, cache.types), locator, TypePool.Default.ReaderMode.FAST);
    TypeDescription type = pool.describe(name).resolve();
    if (type.isSynthetic()) {
      return null;
    }
    // One wrapper for every rule that takes the class: each wrapper maps all the class's methods by
    // name and descriptor, every return type resolved, before it visits them, and a pool's
    // statement class takes eight rules. Its entries apply in the order of the rules, as separate
    // wrappers did.
    AsmVisitorWrapper.ForDeclaredMethods advised = null;
    boolean statementSlot = false;
    // Rules of one descriptor's targets often share a type matcher (JDBC's eight statement rules):
    // it walks the class's super types, so it is asked once for consecutive rules that share it
    // (and their descriptor's guard).
    ElementMatcher<TypeDescription> lastTypes = null;
    Predicate<ClassLoader> lastGuard = null;
    boolean lastMatched = false;
    for (Rule rule : rules) {
      ElementMatcher<TypeDescription> types = rule.target.types();
      if (types != lastTypes || rule.guard != lastGuard) {
        lastTypes = types;
        lastGuard = rule.guard;
        lastMatched = rule.guard.test(loader) && types.matches(type);
      }
      if (lastMatched) {
        Advice advice = cache.advice(rule.target.advice(), pool, locator);
        advised = (advised == null ? new AsmVisitorWrapper.ForDeclaredMethods() : advised)
            .invokable(rule.methods, advice);
        statementSlot |= rule.target.addsStatementSlot();
      }
    }
    if (advised == null) {
      return null;
    }
    DynamicType.Builder<?> builder = BYTE_BUDDY.decorate(type, locator).visit(advised);
    if (statementSlot && mayAddMembers && !type.isInterface()) {
      builder = builder.visit(StatementSlotMembers.INSTANCE);
    }
    return builder.make(pool).getBytes();
  }

  private LoaderCache cacheOf(ClassLoader loader) {
    return caches.computeIfAbsent(loader == null ? BOOT : loader, l -> new LoaderCache());
  }

  /**
   * Forgets the types and advice parsed so far; called once class loading is quiet, as they hold
   * their loaders (and a pool of their types) strongly. What is needed later is parsed again.
   */
  void forgetParsedTypes() {
    caches.clear();
  }

  private static final class Rule {
    final Predicate<ClassLoader> guard;
    final Descriptor.Target target;
    final ElementMatcher<MethodDescription> methods;

    Rule(Predicate<ClassLoader> guard, Descriptor.Target target,
        ElementMatcher<MethodDescription> methods) {
      this.guard = guard;
      this.target = target;
      this.methods = methods;
    }
  }

  /*
   * What transforming one loader's candidates shares while its classes load: the super types and
   * advice classes they have in common are read and described once (a driver's and a pool's
   * statement classes take the same eight advice classes and reach the same JDBC interfaces).
   */
  private static final class LoaderCache {
    final TypePool.CacheProvider types = new TypePool.CacheProvider.Simple();
    final Map<String, Advice> advice = new ConcurrentHashMap<>();

    /** The advice's types come from the pool of the first class to take it, of the same loader. */
    Advice advice(String adviceName, TypePool pool, ClassFileLocator locator) {
      Advice known = advice.get(adviceName);
      if (known == null) {
        known = Advice.to(pool.describe(adviceName).resolve(), locator);
        advice.put(adviceName, known);
      }
      return known;
    }
  }

  /**
   * The loader's shared type cache, except for the class being transformed: that one is described
   * from the bytes in hand (another agent may have changed them), never from a cached reading.
   */
  private static final class OwnTypeFirst implements TypePool.CacheProvider {
    private final String ownName;
    private final TypePool.CacheProvider shared;
    private TypePool.Resolution own;

    OwnTypeFirst(String ownName, TypePool.CacheProvider shared) {
      this.ownName = ownName;
      this.shared = shared;
    }

    @Override
    public TypePool.Resolution find(String name) {
      return ownName.equals(name) ? own : shared.find(name);
    }

    @Override
    public TypePool.Resolution register(String name, TypePool.Resolution resolution) {
      if (ownName.equals(name)) {
        own = resolution;
        return resolution;
      }
      return shared.register(name, resolution);
    }

    @Override
    public void clear() {
      own = null;
    }
  }

  /** Whether a class loader can see a class: skips every type of loaders without the technology. */
  private static final class SeesClass implements Predicate<ClassLoader> {
    private final String resource;
    // Only consulted while classes load, never on a request; weak keys let webapps unload.
    private final Map<ClassLoader, Boolean> cache = new WeakHashMap<>();

    SeesClass(String className) {
      this.resource = className.replace('.', '/') + ".class";
    }

    @Override
    public synchronized boolean test(ClassLoader loader) {
      if (loader == null) {
        return false;
      }
      return cache.computeIfAbsent(loader, l -> l.getResource(resource) != null);
    }
  }
}
