package dev.reqtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The agent's metrics as the real Etsy StatsD daemon aggregates them, etsy format: exact request
 * and statement counts per route, sane timers, the gauges. Etsy folds the global tag values into
 * the name after the prefix: {@code demo.http_request.GET.owners_id.200.2xx}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatsdDaemonIT {
  private static final int OWNER_REQUESTS = 37;
  private static final int OWNERS_REQUESTS = 4;
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static final String REQUESTS = "demo.http_request.GET.owners_id.200.2xx";
  private static final String RESPONSE_TIME = "demo.http_request.response_time.GET.owners_id.2xx";
  private static final String OWNER_QUERIES = "demo.db.query.h2.SELECT.owners_id";
  private static final String OWNERS_QUERIES = "demo.db.query.h2.SELECT.owners";
  private static final String QUERY_TIME = "demo.db.query.time.h2.SELECT";

  private StatsdDaemon daemon;
  private ForkedApp app;
  private boolean settled;

  @BeforeAll
  void startDaemonAndApp() {
    String jdk = Harness.jdkTag();
    daemon = StatsdDaemon.start("StatsdDaemonIT-" + jdk);
    app = DemoJar.start("StatsdDaemonIT", b -> b.agentArgs("exporter=statsd,statsd.format=etsy"
        + ",statsd.port=" + daemon.port() + ",metrics.interval=1s,service=demo"
        + ",slow.threshold=60s,n_plus_one.threshold=1000"));
    Http http = new Http(app.port());
    for (int i = 0; i < OWNER_REQUESTS; i++) {
      assertThat(http.get("/owners/" + (1 + i % 10)).status()).isEqualTo(200);
    }
    for (int i = 0; i < OWNERS_REQUESTS; i++) {
      assertThat(http.get("/owners").status()).isEqualTo(200);
    }
  }

  /** Waits for the expected totals, then two more flushes, so a late extra would show. */
  private synchronized void settle() {
    if (!settled) {
      daemon.awaitCounter(REQUESTS, OWNER_REQUESTS, WAIT);
      daemon.awaitCounter(OWNERS_QUERIES, (long) OWNERS_REQUESTS * DemoJar.OWNERS_STATEMENTS, WAIT);
      daemon.awaitTimerCount(QUERY_TIME, OWNER_REQUESTS * DemoJar.OWNER_STATEMENTS
          + OWNERS_REQUESTS * DemoJar.OWNERS_STATEMENTS, WAIT);
      daemon.awaitFlushes(2, WAIT);
      settled = true;
    }
  }

  @AfterAll
  void stop() {
    try {
      if (app != null) {
        app.assertNoUnexpectedAgentProblems();
      }
    } finally {
      if (app != null) {
        app.close();
      }
      if (daemon != null) {
        daemon.close();
      }
    }
  }

  @Test
  void countsEveryRequestOfARouteExactly() {
    settle();
    assertThat(daemon.counterTotal(REQUESTS)).isEqualTo(OWNER_REQUESTS);
    assertThat(daemon.counterTotal("statsd.bad_lines_seen")).as("lines the daemon rejected")
        .isZero();
  }

  @Test
  void timesEveryRequestWithASaneMeanAndUpper90() {
    settle();
    assertThat(daemon.timerCount(RESPONSE_TIME)).isEqualTo(OWNER_REQUESTS);
    List<Map<String, Object>> flushes = daemon.timerData(RESPONSE_TIME);
    assertThat(flushes).isNotEmpty();
    for (Map<String, Object> data : flushes) {
      assertThat((Double) data.get("mean")).as("mean ms").isGreaterThan(0).isLessThan(5_000);
      assertThat((Double) data.get("upper_90")).as("upper_90 ms").isGreaterThan(0)
          .isLessThan(5_000);
    }
  }

  @Test
  void countsTheStatementsOfEachRouteExactly() {
    settle();
    assertThat(daemon.counterTotal(OWNER_QUERIES))
        .isEqualTo(OWNER_REQUESTS * DemoJar.OWNER_STATEMENTS);
    assertThat(daemon.counterTotal(OWNERS_QUERIES))
        .isEqualTo(OWNERS_REQUESTS * DemoJar.OWNERS_STATEMENTS);
    assertThat(daemon.timerCount(QUERY_TIME)).isEqualTo(OWNER_REQUESTS * DemoJar.OWNER_STATEMENTS
        + OWNERS_REQUESTS * DemoJar.OWNERS_STATEMENTS);
    for (Map<String, Object> data : daemon.timerData(QUERY_TIME)) {
      assertThat((Double) data.get("mean")).as("mean ms").isGreaterThanOrEqualTo(0)
          .isLessThan(5_000);
    }
  }

  @Test
  void sendsTheJvmProcessAndDiskGauges() {
    settle();
    Map<String, Double> gauges = daemon.gauges();
    for (String positive : List.of("jvm.memory.heap.used", "jvm.memory.heap.committed",
        "jvm.threads.count", "process.memory.rss", "disk.free")) {
      assertThat(gauges.get("demo." + positive)).as(positive + " in " + gauges).isPositive();
    }
    for (String present : List.of("jvm.gc.count", "jvm.gc.time", "process.cpu.usage",
        "http_request.active")) {
      assertThat(gauges.get("demo." + present)).as(present + " in " + gauges).isNotNull()
          .isGreaterThanOrEqualTo(0);
    }
  }
}
