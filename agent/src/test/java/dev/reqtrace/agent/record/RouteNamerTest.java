package dev.reqtrace.agent.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class RouteNamerTest {
  @Test
  void tenThousandDistinctUserIdsAreOneRoute() {
    RouteNamer namer = new RouteNamer(500);
    Set<String> routes = new HashSet<>();
    for (int n = 0; n < 10_000; n++) {
      routes.add(namer.name(null, "/users/" + n, 200));
    }
    assertThat(routes).containsExactly("/users/{id}");
    assertThat(namer.size()).isEqualTo(1);
  }

  @Test
  void replacesDigitsUuidsAndLongHexButKeepsWords() {
    assertThat(RouteNamer.templateOf("/owners/42/pets/7")).isEqualTo("/owners/{id}/pets/{id}");
    assertThat(RouteNamer.templateOf("/orders/3f2b8c1e-9d4a-4b7e-8a6f-1c2d3e4f5a6b/items"))
        .isEqualTo("/orders/{id}/items");
    assertThat(RouteNamer.templateOf("/blobs/0123456789abcdef0123")).isEqualTo("/blobs/{id}");
    assertThat(RouteNamer.templateOf("/blobs/cafe")).isEqualTo("/blobs/cafe");
    assertThat(RouteNamer.templateOf("/api/v2/owners/")).isEqualTo("/api/v2/owners/");
    assertThat(RouteNamer.templateOf("/")).isEqualTo("/");
    assertThat(RouteNamer.templateOf("")).isEqualTo("/");
    assertThat(RouteNamer.templateOf(null)).isEqualTo("/");
  }

  @Test
  void dropsPathParametersSuchAsSessionIds() {
    assertThat(RouteNamer.templateOf("/cart;jsessionid=ABCDEF0123/items/9"))
        .isEqualTo("/cart/items/{id}");
    assertThat(RouteNamer.templateOf("/login;jsessionid=XYZ")).isEqualTo("/login");
  }

  @Test
  void aFrameworkPatternWinsOverThePath() {
    RouteNamer namer = new RouteNamer(500);
    assertThat(namer.name("/owners/{ownerId}", "/owners/12", 200)).isEqualTo("/owners/{ownerId}");
    assertThat(namer.name("/owners/{ownerId}", "/owners/12", 404)).isEqualTo("/owners/{ownerId}");
  }

  @Test
  void aNotFoundWithoutPatternIsUnmatchedAndTakesNoSlot() {
    RouteNamer namer = new RouteNamer(2);
    for (int i = 0; i < 1000; i++) {
      assertThat(namer.name(null, "/wp-admin/x" + i + ".php", 404)).isEqualTo(RouteNamer.UNMATCHED);
    }
    assertThat(namer.size()).isZero();
  }

  @Test
  void randomPathsStayUnderTheCapAndKnownRoutesKeepTheirName() {
    RouteNamer namer = new RouteNamer(50);
    assertThat(namer.name(null, "/health", 200)).isEqualTo("/health");
    Random random = new Random(42);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      seen.add(namer.name(null, "/" + randomWord(random) + "/" + randomWord(random), 200));
    }
    assertThat(seen).hasSize(50).contains(RouteNamer.OTHER); // 49 new routes besides /health, then other
    assertThat(namer.size()).isEqualTo(50);
    assertThat(namer.name(null, "/health", 200)).isEqualTo("/health");
  }

  @Test
  void theCapHoldsExactlyUnderContention() throws Exception {
    RouteNamer namer = new RouteNamer(100);
    Set<String> named = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 2_000; i++) {
            named.add(namer.name(null, "/t" + thread + "/r" + (i % 300) + "x", 200));
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(namer.size()).isEqualTo(100);
    assertThat(named).hasSize(101);
  }

  private static String randomWord(Random random) {
    char[] word = new char[6];
    for (int i = 0; i < word.length; i++) {
      word[i] = (char) ('g' + random.nextInt(20));
    }
    return new String(word);
  }
}
