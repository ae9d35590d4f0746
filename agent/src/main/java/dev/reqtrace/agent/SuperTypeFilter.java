package dev.reqtrace.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Predicate;
import net.bytebuddy.jar.asm.ClassReader;

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
  /** Every advised method name, each once, as bytes: a class file's bits for them, by index. */
  private final byte[][] methodNameBytes;
  private final Group[] groups;
  private final long[] groupNameBits;
  /* Held strongly, so emptied once class loading goes quiet (Instrumenter.startHousekeeping): a
   * redeployed webapp's loader can go, and the answers are only needed while classes load; on a
   * Spring Boot application they are ~17,000 names, 2.5 MB of heap. */
  private final ConcurrentMap<Object, ConcurrentMap<String, Boolean>> reaches =
      new ConcurrentHashMap<>();
  /** Set by every look-up, reset by {@link #clearIfIdle}; a lost race only delays a clear. */
  private volatile boolean used;

  /**
   * The method names one instrumentation advises, and what its targets' class names can be: a
   * class is looked at further only for the instrumentations whose names it declares, and only
   * if one of those may transform a class of its name.
   */
  static final class Group {
    final Collection<String> methodNames;
    final Predicate<String> classNames;

    /** @param classNames tells, from an internal name, whether a class may be a target at all */
    Group(Collection<String> methodNames, Predicate<String> classNames) {
      this.methodNames = methodNames;
      this.classNames = classNames;
    }
  }

  /**
   * @param binaryNames the type roots ({@code java.sql.Statement})
   * @param methodNames every name an advised method may have
   */
  SuperTypeFilter(Collection<String> binaryNames, Collection<String> methodNames) {
    this(binaryNames, List.of(new Group(methodNames, name -> true)));
  }

  /** @param binaryNames the type roots ({@code java.sql.Statement}) of every group */
  SuperTypeFilter(Collection<String> binaryNames, List<Group> groups) {
    Set<String> internal = new HashSet<>();
    for (String name : binaryNames) {
      internal.add(name.replace('.', '/'));
    }
    this.roots = Set.copyOf(internal);
    List<String> names = new ArrayList<>();
    for (Group group : groups) {
      for (String name : group.methodNames) {
        if (!names.contains(name)) {
          names.add(name);
        }
      }
    }
    if (names.size() > Long.SIZE) {
      throw new IllegalArgumentException("more than 64 advised method names: " + names.size());
    }
    // Method names are ASCII identifiers: the same bytes in a class file's modified UTF-8.
    this.methodNameBytes = new byte[names.size()][];
    for (int i = 0; i < names.size(); i++) {
      methodNameBytes[i] = names.get(i).getBytes(StandardCharsets.US_ASCII);
    }
    this.groups = groups.toArray(new Group[0]);
    this.groupNameBits = new long[this.groups.length];
    for (int g = 0; g < this.groups.length; g++) {
      for (String name : this.groups[g].methodNames) {
        groupNameBits[g] |= 1L << names.indexOf(name);
      }
    }
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
     * resource look-ups through its nested jars). Answered from the class's own bytes in one walk
     * (a name that is not among its constant pool's strings cannot be one of its methods', which
     * rules out most classes there); interfaces are never targets.
     */
    if (!anyGroupMayTransform(internalName,
        ClassFileScan.declaredWithCode(classFile, methodNameBytes))) {
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
    ClassReader header;
    try {
      header = new ClassReader(classFile);
    } catch (RuntimeException e) {
      return true;
    }
    boolean result = anyReachesRoot(loader, header, 0);
    answers.put(internalName, result);
    return result;
  }

  /*
   * An instrumentation whose method names the class declares, and which may transform a class of
   * its name: JDBC's close() and execute() are declared by many classes that are no statement (an
   * H2 store, a container's streams), whose super types no longer need reading (on the demo 84 of
   * the 91 classes whose super types were read were no candidate).
   */
  private boolean anyGroupMayTransform(String internalName, long declaredNames) {
    for (int g = 0; g < groups.length; g++) {
      if ((declaredNames & groupNameBits[g]) != 0 && groups[g].classNames.test(internalName)) {
        return true;
      }
    }
    return false;
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
