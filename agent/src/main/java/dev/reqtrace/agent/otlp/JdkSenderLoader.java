package dev.reqtrace.agent.otlp;

import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import java.io.IOException;
import java.io.InputStream;

/**
 * Loads the SDK's JDK HTTP sender package itself, from the agent jar, under the application class
 * loader: the sender is built on {@code java.net.http}, which the JDK defines to the platform class
 * loader, out of sight of the boot loader that loads the rest of the agent (see
 * {@code AgentPremain}). Every other class the sender links to (the SDK's sender interfaces, the
 * JDK) comes through the parent, so the provider it makes is of the one type the SDK knows, wherever
 * the agent's classes came from.
 */
final class JdkSenderLoader extends ClassLoader {
  /** Relocated with the SDK in the agent jar, like the class names the SDK itself writes out. */
  private static final String PROVIDER =
      "io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider";
  private static final String PACKAGE = PROVIDER.substring(0, PROVIDER.lastIndexOf('.') + 1);

  static {
    registerAsParallelCapable();
  }

  private JdkSenderLoader(ClassLoader parent) {
    super("reqtrace-otlp-http", parent);
  }

  /** Made by the first {@link #provider()}: the trace and metric exporters share its classes. */
  private static HttpSenderProvider provider;

  /** The JDK sender provider, loaded as above; the agent jar is on the application class path. */
  static synchronized HttpSenderProvider provider() throws ReflectiveOperationException {
    if (provider == null) {
      ClassLoader loader = new JdkSenderLoader(ClassLoader.getSystemClassLoader());
      provider = (HttpSenderProvider) Class.forName(PROVIDER, true, loader)
          .getConstructor().newInstance();
    }
    return provider;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!name.startsWith(PACKAGE)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> type = findLoadedClass(name);
      if (type == null) {
        type = defineFromParent(name);
      }
      if (resolve) {
        resolveClass(type);
      }
      return type;
    }
  }

  /** The class file as the parent would load it, defined here instead (child first). */
  private Class<?> defineFromParent(String name) throws ClassNotFoundException {
    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
      if (in == null) {
        throw new ClassNotFoundException(name);
      }
      byte[] classFile = in.readAllBytes();
      return defineClass(name, classFile, 0, classFile.length);
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
  }
}
