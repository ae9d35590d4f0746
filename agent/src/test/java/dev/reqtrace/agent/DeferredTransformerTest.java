package dev.reqtrace.agent;

import static org.assertj.core.api.Assertions.assertThat;

import example.supertypes.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The transformer registered in premain, before Byte Buddy's is ready. */
class DeferredTransformerTest {
  private final ClassLoader loader = Fixtures.class.getClassLoader();

  @Test
  void anInterruptedLoadingThreadKeepsItsFlagAndTheClassIsRetransformedLater() throws IOException {
    DeferredTransformer transformer = new DeferredTransformer(new SuperTypeFilter(
        List.of(Fixtures.Marker.class.getName()), List.of("handle")));
    String name = Fixtures.Deep.class.getName().replace('.', '/');

    Thread.currentThread().interrupt();
    byte[] result;
    try {
      result = transformer.transform(loader, name, null, null, classFile(Fixtures.Deep.class));
    } finally {
      assertThat(Thread.interrupted()).as("the application thread's interrupt flag").isTrue();
    }

    assertThat(result).isNull();
    assertThat(transformer.missed()).containsExactly(name);
  }

  private static byte[] classFile(Class<?> type) throws IOException {
    try (InputStream in = type.getClassLoader()
        .getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }
}
