package dev.reqtrace.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * The agent's entry point: a trampoline that puts {@code dev.reqtrace.bootstrap} on the boot class
 * path, then starts {@link Agent}. Uses no logging framework and never throws: whatever happens,
 * the application starts.
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
      appendBootstrap(instrumentation);
      // Loaded only now, so every class it links to resolves the bootstrap API from the boot loader.
      Class.forName("dev.reqtrace.agent.Agent")
          .getMethod("start", String.class, Instrumentation.class)
          .invoke(null, arguments, instrumentation);
    } catch (Throwable e) {
      Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
      System.err.println("reqtrace: not started: " + cause);
    }
  }

  /*
   * Advice is inlined into application and container classes whose loaders may not see ours (a WAR's
   * webapp loader), so the classes it calls must come from the boot loader. They are copied from
   * this jar into a small temporary jar: appending the whole agent jar would put Byte Buddy and
   * SLF4J on the boot class path too.
   */
  private static void appendBootstrap(Instrumentation instrumentation)
      throws IOException, URISyntaxException {
    File agentJar = new File(
        AgentPremain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path bootstrapJar = Files.createTempFile("reqtrace-bootstrap-", ".jar");
    bootstrapJar.toFile().deleteOnExit();
    try (JarFile source = new JarFile(agentJar);
        OutputStream file = Files.newOutputStream(bootstrapJar);
        JarOutputStream target = new JarOutputStream(file)) {
      Enumeration<JarEntry> entries = source.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        if (entry.getName().startsWith(BOOTSTRAP_PACKAGE) && !entry.isDirectory()) {
          target.putNextEntry(new JarEntry(entry.getName()));
          try (InputStream in = source.getInputStream(entry)) {
            in.transferTo(target);
          }
          target.closeEntry();
        }
      }
    }
    instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(bootstrapJar.toFile()));
  }
}
