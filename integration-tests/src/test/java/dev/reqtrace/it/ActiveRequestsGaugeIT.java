package dev.reqtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code http_request.active} as the real StatsD daemon receives it: a request in progress shows
 * while it runs and is gone once it ended. The agent counts requests only when an exporter with
 * the gauge runs, so this is where a counting left off by mistake shows.
 */
class ActiveRequestsGaugeIT {
  private static final String ACTIVE = "demo.http_request.active";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void aRequestInProgressIsActiveUntilItEnds() throws Exception {
    String jdk = Harness.jdkTag();
    try (StatsdDaemon daemon = StatsdDaemon.start("ActiveRequestsGaugeIT-" + jdk);
        ForkedApp app = DemoJar.start("ActiveRequestsGaugeIT", b -> b.agentArgs(
            "exporter=statsd,statsd.format=etsy,statsd.port=" + daemon.port()
                + ",metrics.interval=1s,service=demo,slow.threshold=60s"))) {
      assertThat(new Http(app.port()).get("/owners/1").status()).isEqualTo(200);
      daemon.awaitGauge(ACTIVE, v -> v == 0, "0 before the slow request", WAIT);

      // Longer than several flushes of the gauge (each second) and of the daemon.
      CompletableFuture<Integer> slow = CompletableFuture.supplyAsync(
          () -> new Http(app.port()).get("/slow?ms=6000").status());
      assertThat(daemon.awaitGauge(ACTIVE, v -> v >= 1, "1 while /slow runs", WAIT))
          .as("while /slow runs").isEqualTo(1);
      assertThat(slow.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(200);
      daemon.awaitGauge(ACTIVE, v -> v == 0, "0 once /slow ended", WAIT);
      app.assertNoUnexpectedAgentProblems();
    }
  }
}
