package dev.reqtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reqtrace.it.DbSpanLines.DbSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DESIGN "Spans and slow requests": the JDBC spans of a request are exactly the statements it ran,
 * on H2 and a real PostgreSQL 15, straight through the driver and through HikariCP's proxies (one
 * span, not two); batches are one span with their size; the N+1 report names the request; no
 * literal planted in the SQL appears in any agent line; and IDs in paths make one route.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JdbcSpansIT {
  private static final List<String> PLANTED = List.of("S3cret-planted-7f3a", "planted.user@example.com",
      "4111 1111 1111 1111", "4111111111111111");
  private PostgresServer postgres;
  private ForkedApp app;
  private Http http;

  @BeforeAll
  void start() {
    postgres = PostgresServer.start();
    app = DbSpanLines.jdbcApp(ForkedApp.builder(DbSpanLines.jdkName("JdbcSpansIT")), postgres.jdbcUrl())
        .sysProp("reqtrace.log.level", "debug")
        .sysProp("reqtrace.slow.threshold", "60s")
        .expectAgentProblem("\\bWARN N\\+1 queries request_id=\\S+ method=GET route=/jdbc/nplus1 ")
        .start();
    http = new Http(app.port());
  }

  @AfterEach
  void noUnexpectedAgentProblems() {
    app.assertNoUnexpectedAgentProblems();
  }

  @AfterAll
  void stop() {
    try {
      if (app != null) {
        app.close();
      }
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  static Stream<Arguments> databasesAndPools() {
    return Stream.of(Arguments.of("h2", "direct", "h2"), Arguments.of("h2", "hikari", "h2"),
        Arguments.of("pg", "direct", "postgresql"), Arguments.of("pg", "hikari", "postgresql"));
  }

  @Order(1)
  @ParameterizedTest(name = "{0} via {1}")
  @MethodSource("databasesAndPools")
  void aRequestsSpansAreExactlyTheStatementsItRan(String db, String pool, String system) {
    String id = DbSpanLines.request(app, http, "/jdbc/mix?db=" + db + "&pool=" + pool, "/users/0");
    assertThat(DbSpanLines.spansOf(app, id)).extracting(DbSpan::toString).containsExactly(
        system + " SELECT \"select name from owners where id = ?\"",
        system + " SELECT \"select count(*) from owners where email = ? and card = ?\"",
        system + " UPDATE \"update owners set name = ? where id = ?\" rows=1",
        system + " UPDATE \"update owners set note = ? where id = ?\"");
  }

  @Order(2)
  @ParameterizedTest(name = "{0} via {1}")
  @MethodSource("databasesAndPools")
  void aBatchIsOneSpanWithItsSizeAndRows(String db, String pool, String system) {
    String id = DbSpanLines.request(app, http, "/jdbc/batch?db=" + db + "&pool=" + pool, "/users/0");
    assertThat(DbSpanLines.spansOf(app, id)).extracting(DbSpan::toString).containsExactly(
        system + " INSERT \"insert into pets(id, owner_id, name) values (?, ?, ?)\" batch_size=5 rows=5",
        system + " UPDATE \"update pets set name = ? where id = ?\" batch_size=3 rows=3");
  }

  @Order(3)
  @ParameterizedTest(name = "{0} via {1}")
  @MethodSource("databasesAndPools")
  void repeatingAStatementTwelveTimesGivesOneNPlusOneReport(String db, String pool, String system) {
    String id = DbSpanLines.request(app, http, "/jdbc/nplus1?n=12&db=" + db + "&pool=" + pool, "/users/0");
    List<DbSpan> spans = DbSpanLines.spansOf(app, id);
    assertThat(spans).hasSize(13);
    assertThat(spans.subList(1, 13)).extracting(DbSpan::statement)
        .containsOnly("select count(*) from pets where owner_id = ?");
    assertThat(DbSpanLines.agentLinesOf(app, id, "N+1 queries")).singleElement().satisfies(line ->
        assertThat(line).contains("WARN N+1 queries request_id=" + id + " method=GET route=/jdbc/nplus1 status=200"
            + " threshold=10 count=12 total_ms=").endsWith(" system=" + system
            + " statement=\"select count(*) from pets where owner_id = ?\""));
  }

  @Order(4)
  @Test
  void tenThousandDistinctUserPathsAreOneRoute() throws Exception {
    Pattern route = Pattern.compile(" server-span request_id=(\\S+) .* route=(\\S+) status=200 ");
    Set<String> ids = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int first = t;
        done.add(pool.submit(() -> {
          for (int n = first; n < 10_000; n += 4) {
            ids.add(http.get("/users/" + (1_000_000 + n)).requestId());
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(10, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    String barrier = http.get("/users/barrier").requestId();
    app.awaitLines(0, DbSpanLines.serverSpanOf(barrier), 1, java.time.Duration.ofSeconds(60));
    Set<String> routes = new java.util.HashSet<>();
    int seen = 0;
    for (String line : app.lines()) {
      Matcher m = route.matcher(line);
      if (m.find() && ids.contains(m.group(1))) {
        seen++;
        routes.add(m.group(2));
      }
    }
    assertThat(seen).isEqualTo(10_000);
    assertThat(routes).containsExactly("/users/{id}");
  }

  @Order(5)
  @Test
  void noPlantedLiteralAppearsInAnyAgentLine() {
    // Every endpoint with planted values has run by now, on both databases and both pools.
    List<String> agentLines = app.lines().stream().filter(l -> l.startsWith(ForkedApp.AGENT_PREFIX)).toList();
    assertThat(agentLines).anyMatch(l -> l.contains(" db-span "));
    for (String planted : PLANTED) {
      assertThat(agentLines).as("agent lines containing %s", planted).noneMatch(l -> l.contains(planted));
    }
  }
}
