package dev.reqtrace.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Decides from class file headers alone whether a class being loaded can be one the agent
 * transforms: a concrete class that declares a method of one of the advised names with code and
 * is, or extends or implements, one of the descriptors' type roots. Every class of every loader
 * passes here first, so it must be cheap: the class's own file (its constant pool's strings and
 * its method names, walked by {@link ClassFileScan}, then its super class and interface names)
 * rules out almost every class;
 * only for the rest are super types not seen yet looked at, by their headers (the JDK's
 * {@code java.*} types by reflection), each answer cached per loader. Byte Buddy's matchers then
 * look at the few candidates in full; without this, its type pool parsed every class and its
 * hierarchy, which was half of the agent's start-up cost.
 */
final class SuperTypeFilter {
  private static final Object BOOT = new Object();
  private static final int MAX_DEPTH = 64;

  /** Internal names ({@code java/sql/Statement}). */
  private final Set<String> roots;
  private final byte[][] methodNameBytes;
  /* Held strongly, so emptied once class loading goes quiet (Instrumenter.startHousekeeping): a
   * redeployed webapp's loader can go, and the answers are only needed while classes load; on a
   * Spring Boot application they are ~17,000 names, 2.5 MB of heap. */
  private final ConcurrentMap<Object, ConcurrentMap<String, Boolean>> reaches =
      new ConcurrentHashMap<>();
  /** Set by every look-up, reset by {@link #clearIfIdle}; a lost race only delays a clear. */
  private volatile boolean used;

  /**
   * @param binaryNames the type roots ({@code java.sql.Statement})
   * @param methodNames every name an advised method may have
   */
  SuperTypeFilter(Collection<String> binaryNames, Collection<String> methodNames) {
    Set<String> internal = new HashSet<>();
    for (String name : binaryNames) {
      internal.add(name.replace('.', '/'));
    }
    this.roots = Set.copyOf(internal);
    // Method names are ASCII identifiers: the same bytes in a class file's modified UTF-8.
    this.methodNameBytes = Set.copyOf(methodNames).stream()
        .map(name -> name.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
  }

  /**
   * Whether the class may be transformed. {@code false} only when certain: a header that cannot be
   * read makes it a candidate, and Byte Buddy decides.
   *
   * @param internalName the class's internal name ({@code a/b/C})
   * @param loaded the class being retransformed, or {@code null} when it is being loaded
   */
  boolean mayTransform(ClassLoader loader, String internalName, Class<?> loaded, byte[] classFile) {
    if (internalName == null || isIgnoredName(internalName)) {
      return false;
    }
    used = true;
    if (loaded != null) {
      return !loaded.isInterface() && reachesRoot(loaded);
    }
    /*
     * Advice goes only into methods a class declares: without one of the advised names there is
     * nothing to transform, whatever the class extends. This spares reading the super types of
     * almost every class (on a Spring Boot application ~0.7 s of start-up, most of it the loader's
     * resource look-ups through its nested jars). The constant pool first: a name that is not among
     * a class's strings cannot be one of its methods', which rules out most classes in one pass.
     */
    if (!ClassFileScan.mentionsAny(classFile, methodNameBytes)) {
      return false;
    }
    ClassReader header;
    try {
      header = new ClassReader(classFile);
    } catch (RuntimeException e) {
      return true;
    }
    if ((header.getAccess() & Opcodes.ACC_INTERFACE) != 0
        || !ClassFileScan.declaresMethodWithCode(header, classFile, methodNameBytes)) {
      return false;
    }
    if (roots.contains(internalName)) {
      return true;
    }
    // Often known already: a subclass loaded first had this class's header read as its super type.
    Map<String, Boolean> answers = cache(loader);
    Boolean known = answers.get(internalName);
    if (known != null) {
      return known;
    }
    boolean result = anyReachesRoot(loader, header, 0);
    answers.put(internalName, result);
    return result;
  }

  /**
   * Forgets every answer when no class was looked up since the previous call, so the answers live
   * while classes load and go once loading is quiet.
   *
   * @return whether the cache was emptied
   */
  boolean clearIfIdle() {
    if (used) {
      used = false;
      return false;
    }
    reaches.clear();
    return true;
  }

  /** How many class loaders have answers cached. */
  int cachedLoaders() {
    return reaches.size();
  }

  private boolean anyReachesRoot(ClassLoader loader, ClassReader header, int depth) {
    String superName = header.getSuperName();
    if (superName != null && reaches(loader, superName, depth + 1)) {
      return true;
    }
    for (String type : header.getInterfaces()) {
      if (reaches(loader, type, depth + 1)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code internalName}, as {@code loader} sees it, is a root or a subtype of one. */
  private boolean reaches(ClassLoader loader, String internalName, int depth) {
    if (roots.contains(internalName)) {
      return true;
    }
    if ("java/lang/Object".equals(internalName) || depth > MAX_DEPTH) {
      return false;
    }
    if (isPlatformName(internalName)) {
      loader = null; // the JDK's types look the same from every loader: resolve them once
    }
    Map<String, Boolean> known = cache(loader);
    Boolean cached = known.get(internalName);
    if (cached != null) {
      return cached;
    }
    boolean result;
    if (internalName.startsWith("java/")) {
      Class<?> type = javaType(internalName);
      result = type != null && reachesRoot(type);
    } else {
      byte[] classFile = read(loader, internalName);
      try {
        result = classFile != null && anyReachesRoot(loader, new ClassReader(classFile), depth);
      } catch (RuntimeException e) {
        result = false;
      }
    }
    known.put(internalName, result);
    return result;
  }

  /*
   * A java.* super type is loaded, not read: only the JDK's loaders may define one, the agent never
   * transforms it, and the subclass being defined needs it loaded anyway. Reading it instead meant
   * a class file out of the JDK's image and an ASM parse for each of a few hundred types (the
   * image's pages stayed in the process's RSS).
   */
  private static Class<?> javaType(String internalName) {
    try {
      return Class.forName(internalName.replace('/', '.'), false,
          ClassLoader.getPlatformClassLoader());
    } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
      return null;
    }
  }

  private static boolean reachesRoot(Class<?> type, Set<String> roots) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (roots.contains(c.getName().replace('.', '/'))) {
        return true;
      }
      for (Class<?> i : c.getInterfaces()) {
        if (reachesRoot(i, roots)) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean reachesRoot(Class<?> type) {
    return reachesRoot(type, roots);
  }

  private ConcurrentMap<String, Boolean> cache(ClassLoader loader) {
    return reaches.computeIfAbsent(loader == null ? BOOT : loader, l -> new ConcurrentHashMap<>());
  }

  /*
   * The application's types are read, never loaded: the JDK's instrumentation passes a class
   * loaded on a thread that is inside a transformer to no transformer at all, so a super type
   * loaded from here would never be instrumented (HttpServlet, when its subclass loads first).
   */
  private static byte[] read(ClassLoader loader, String internalName) {
    String resource = internalName + ".class";
    try (InputStream in = loader == null
        ? ClassLoader.getSystemResourceAsStream(resource) : loader.getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static boolean isPlatformName(String name) {
    return name.startsWith("java/") || name.startsWith("jdk/") || name.startsWith("sun/")
        || name.startsWith("com/sun/");
  }

  /*
   * Never transformed: the JDK, the agent itself and its relocated libraries, and the libraries
   * that serve no request. (Super types in these packages are still resolved:
   * java.sql.PreparedStatement leads to java.sql.Statement.)
   */
  private static boolean isIgnoredName(String name) {
    return isPlatformName(name) || name.startsWith("dev/reqtrace/")
        || IgnoredLibraries.contains(name);
  }
}
