package dev.reqtrace.agent.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KnownRoutesTest {
  /* Seven templates of a segment (the IDs all become {id}, as does a literal "{id}"), paths of one
   * to three segments with or without a trailing slash: at most 798 routes, under the cap. */
  private static final String[] SEGMENTS = {"owners", "", "Aa", "BB", "cafe", "ü", "42",
      "0123456789abcdef0123", "4111111111111111", "4111-1111-1111-1111", "{id}"};

  @Test
  void aKnownRouteIsFoundFromAnyPathWithThatTemplateAndOnlyFromThose() {
    Random random = new Random(42);
    RouteNamer namer = new RouteNamer(1000);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder path = new StringBuilder();
      for (int s = random.nextInt(3); s >= 0; s--) {
        path.append('/').append(random.nextInt(8) == 0 ? UUID.randomUUID().toString()
            : SEGMENTS[random.nextInt(SEGMENTS.length)]);
      }
      if (random.nextBoolean()) {
        path.append('/');
      }
      String first = namer.name(null, path.toString(), 200);
      String again = namer.name(null, path.toString(), 200);
      assertThat(first).as(path.toString()).isEqualTo(RouteNamer.templateOf(path.toString()));
      assertThat(again).as(path.toString()).isSameAs(first);
    }
  }

  @Test
  void anEqualHashIsNotEnough() {
    KnownRoutes routes = new KnownRoutes(500);
    routes.add("/Aa/{id}");
    assertThat("/Aa/{id}".hashCode()).isEqualTo("/BB/{id}".hashCode());
    assertThat(routes.find("/BB/12")).isNull();
    assertThat(routes.find("/Aa/12")).isEqualTo("/Aa/{id}");
    assertThat(routes.find("/Aa/12/")).isNull();
    assertThat(routes.find("/Aa")).isNull();
  }

  @Test
  void pathsOfMoreThan64SegmentsAreMatchedSegmentBySegmentToo() {
    KnownRoutes routes = new KnownRoutes(500);
    String prefix = "/a".repeat(70);
    routes.add(prefix + "/{id}/b");
    routes.add("/x".repeat(62) + "/{id}/{id}");
    assertThat(routes.find(prefix + "/7/b")).isEqualTo(prefix + "/{id}/b");
    assertThat(routes.find(prefix + "/c/b")).isNull();
    assertThat(routes.find(prefix + "/{id}/b")).as("a literal {id}").isEqualTo(prefix + "/{id}/b");
    // Segments 63 and 64 (counting the empty one before the first slash): either side of the mask.
    assertThat(routes.find("/x".repeat(62) + "/1/2")).isEqualTo("/x".repeat(62) + "/{id}/{id}");
    assertThat(routes.find("/x".repeat(62) + "/1/y")).isNull();
  }

  @Test
  void pathParametersAndEmptyPathsTakeTheSlowPath() {
    KnownRoutes routes = new KnownRoutes(500);
    routes.add("/cart/items/{id}");
    routes.add("/");
    assertThat(routes.find("/cart;jsessionid=AB/items/9")).isNull();
    assertThat(routes.find("")).isNull();
    assertThat(routes.find(null)).isNull();
    assertThat(routes.find("/")).isEqualTo("/");
  }

  @Test
  void aHugeRouteCapStillMakesASmallTableThatStopsTakingRoutesHalfFull() {
    KnownRoutes routes = new KnownRoutes(Integer.MAX_VALUE);
    for (int i = 0; i < 10_000; i++) {
      routes.add("/r" + i);
    }
    assertThat(routes.find("/r0")).isEqualTo("/r0");
    assertThat(routes.find("/r2047")).isEqualTo("/r2047");
    assertThat(routes.find("/r2048")).as("past half of 4096 slots").isNull();
  }
}
