package dev.reqtrace.instrumentation;

import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * The agent's own class files (advice, servlet bridges), read through the application class
 * loader: the JVM puts the agent jar on its class path for {@code -javaagent} and attach alike,
 * while the boot loader, the agent's own as built, finds no resource in a jar appended to it after
 * start-up (attach).
 */
public final class AgentClassFiles {
  /** Thread-safe; holds only the application class loader. */
  public static final ClassFileLocator LOCATOR =
      ClassFileLocator.ForClassLoader.of(ClassLoader.getSystemClassLoader());

  private AgentClassFiles() {}
}
