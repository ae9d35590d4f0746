package dev.reqtrace.instrumentation.servlet;

import java.io.IOException;
import java.io.InputStream;

/**
 * A throwaway loader that defines the classes of the fixtures package itself (child first), so that
 * only they match a test's loader guard and get advised; everything else, and the {@code Seen}
 * recorder the tests read, comes from the test's own loader.
 */
final class FixtureLoader extends ClassLoader {
  static final String FIXTURES = "dev.reqtrace.instrumentation.servlet.fixtures.";

  FixtureLoader() {
    super(FixtureLoader.class.getClassLoader());
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!name.startsWith(FIXTURES) || name.endsWith("Seen")) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded != null) {
        return loaded;
      }
      try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
        byte[] bytes = in.readAllBytes();
        return defineClass(name, bytes, 0, bytes.length);
      } catch (IOException e) {
        throw new ClassNotFoundException(name, e);
      }
    }
  }
}
