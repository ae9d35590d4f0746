package dev.reqtrace.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.security.ProtectionDomain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * The agent's entry point: a trampoline that makes sure {@code dev.reqtrace.bootstrap} is on the
 * boot class path, then starts {@link Agent}. Uses no logging framework and never throws: whatever
 * happens, the application starts.
 *
 * <p>The jar's manifest names the jar itself as its {@code Boot-Class-Path}, which the JVM appends
 * before it loads this class: then every class of the agent, this one included, comes from the boot
 * loader, which reads them natively and does not verify them (the demo's start-up: about 0.1 s
 * less than through the application class loader, which runs Java code for each class and its
 * references and verifies its bytecode). The path is relative to the jar's directory, so a jar
 * renamed from {@code reqtrace-agent.jar} is not found there and this class comes from the
 * application class loader as before: only the bootstrap API is then defined in the boot loader.
 */
public final class AgentPremain {
  private static final String BOOTSTRAP_PACKAGE = "dev/reqtrace/bootstrap/";
  private static volatile boolean started;

  private AgentPremain() {}

  /** {@code -javaagent:reqtrace-agent.jar[=key=value,...]}. */
  public static void premain(String arguments, Instrumentation instrumentation) {
    start(arguments, instrumentation);
  }

  /** Attach at run time. */
  public static void agentmain(String arguments, Instrumentation instrumentation) {
    start(arguments, instrumentation);
  }

  private static synchronized void start(String arguments, Instrumentation instrumentation) {
    if (started) {
      return;
    }
    started = true;
    try {
      ByteBuddyPreload.inBackground();
      if (!loadedByBootLoader()) {
        appendBootstrap(instrumentation);
      }
      // Loaded only now, so every class it links to resolves the bootstrap API from the boot loader.
      Class.forName("dev.reqtrace.agent.Agent")
          .getMethod("start", String.class, Instrumentation.class)
          .invoke(null, arguments, instrumentation);
    } catch (Throwable e) {
      Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
      System.err.println("reqtrace: not started: " + cause);
    }
  }

  /**
   * Whether the JVM took the manifest's {@code Boot-Class-Path}: the agent's classes, this one
   * included, then come from the boot loader, bootstrap API and all.
   */
  static boolean loadedByBootLoader() {
    return AgentPremain.class.getClassLoader() == null;
  }

  /*
   * Without the Boot-Class-Path (a renamed jar): advice is inlined into application and container
   * classes whose loaders may not see ours (a WAR's webapp loader), so the classes it calls must
   * come from the boot loader.
   *
   * They are defined straight into the boot loader with the JDK's internal Unsafe, opened to us
   * through Instrumentation.redefineModule: appending a jar to the boot class path now, after the
   * JVM started, makes HotSpot print "Sharing is only supported for boot loader classes because
   * bootstrap classpath has been appended" on the application's stderr (a Boot-Class-Path taken
   * before start-up does not) and drop class-data sharing for every class not loaded by the boot
   * loader. Appending stays as the fallback.
   */
  private static void appendBootstrap(Instrumentation instrumentation)
      throws IOException, URISyntaxException {
    File agentJar = new File(
        AgentPremain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Map<String, byte[]> classes = new LinkedHashMap<>();
    try (JarFile source = new JarFile(agentJar)) {
      Enumeration<JarEntry> entries = source.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        String name = entry.getName();
        if (name.startsWith(BOOTSTRAP_PACKAGE) && name.endsWith(".class")) {
          try (InputStream in = source.getInputStream(entry)) {
            classes.put(name.substring(0, name.length() - 6).replace('/', '.'), in.readAllBytes());
          }
        }
      }
    }
    if (!defineInBootLoader(instrumentation, classes)) {
      appendAsJar(instrumentation, classes);
    }
  }

  private static boolean defineInBootLoader(Instrumentation instrumentation,
      Map<String, byte[]> classes) {
    try {
      Module base = Object.class.getModule();
      Module ours = AgentPremain.class.getModule();
      instrumentation.redefineModule(base, Set.of(), Map.of(),
          Map.of("jdk.internal.misc", Set.of(ours)), Set.of(), Map.of());
      Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
      Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
      Method define = unsafeType.getMethod("defineClass", String.class, byte[].class, int.class,
          int.class, ClassLoader.class, ProtectionDomain.class);
      // A class whose super type is another bootstrap class must come after it: retry the ones
      // that failed until a pass defines nothing more.
      Map<String, byte[]> pending = new LinkedHashMap<>(classes);
      boolean progress = true;
      while (!pending.isEmpty() && progress) {
        progress = false;
        for (java.util.Iterator<Map.Entry<String, byte[]>> it = pending.entrySet().iterator();
            it.hasNext(); ) {
          Map.Entry<String, byte[]> type = it.next();
          byte[] bytes = type.getValue();
          try {
            define.invoke(unsafe, type.getKey(), bytes, 0, bytes.length, null, null);
            it.remove();
            progress = true;
          } catch (java.lang.reflect.InvocationTargetException e) {
            if (!(e.getCause() instanceof NoClassDefFoundError)) {
              throw e;
            }
          }
        }
      }
      return pending.isEmpty();
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static void appendAsJar(Instrumentation instrumentation, Map<String, byte[]> classes)
      throws IOException {
    Path bootstrapJar = Files.createTempFile("reqtrace-bootstrap-", ".jar");
    bootstrapJar.toFile().deleteOnExit();
    try (OutputStream file = Files.newOutputStream(bootstrapJar);
        JarOutputStream target = new JarOutputStream(file)) {
      for (Map.Entry<String, byte[]> type : classes.entrySet()) {
        target.putNextEntry(new JarEntry(type.getKey().replace('.', '/') + ".class"));
        target.write(type.getValue());
        target.closeEntry();
      }
    }
    instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(bootstrapJar.toFile()));
  }
}
