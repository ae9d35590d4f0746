package dev.reqtrace.agent;

import java.io.IOException;
import java.io.InputStream;

/** The class file of a class on the test class path, as a transformer would be given it. */
final class TestClassFiles {
  private TestClassFiles() {}

  static byte[] of(Class<?> type) throws IOException {
    try (InputStream in = type.getResourceAsStream(
        "/" + type.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }
}
