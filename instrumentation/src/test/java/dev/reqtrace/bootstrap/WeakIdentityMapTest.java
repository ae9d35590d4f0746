package dev.reqtrace.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeakIdentityMapTest {
  /** Equal by value, but the map must tell instances apart. */
  private static final class Same {
    @Override
    public boolean equals(Object o) {
      return o instanceof Same;
    }

    @Override
    public int hashCode() {
      return 1;
    }
  }

  @Test
  void comparesKeysByIdentity() {
    WeakIdentityMap<String> map = new WeakIdentityMap<>();
    Same a = new Same();
    Same b = new Same();
    map.put(a, "a");
    map.put(b, "b");
    assertThat(map.get(a)).isEqualTo("a");
    assertThat(map.get(b)).isEqualTo("b");
    assertThat(map.get(new Same())).isNull();
    map.put(a, "a2");
    assertThat(map.size()).isEqualTo(2);
    assertThat(map.remove(a)).isEqualTo("a2");
    assertThat(map.get(a)).isNull();
  }

  @Test
  void dropsEntriesOfCollectedKeys() throws InterruptedException {
    WeakIdentityMap<String> map = new WeakIdentityMap<>();
    Object kept = new Object();
    map.put(kept, "kept");
    for (int i = 0; i < 10_000; i++) {
      map.put(new Object(), "garbage");
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (map.size() > 1 && System.nanoTime() < deadline) {
      System.gc();
      List<byte[]> pressure = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        pressure.add(new byte[64 * 1024]);
      }
      Thread.sleep(10);
    }
    assertThat(map.size()).isEqualTo(1);
    assertThat(map.get(kept)).isEqualTo("kept");
  }
}
