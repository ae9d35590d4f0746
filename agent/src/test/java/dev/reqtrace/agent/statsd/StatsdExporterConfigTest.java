package dev.reqtrace.agent.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reqtrace.agent.config.Config;
import dev.reqtrace.bootstrap.Activation;
import dev.reqtrace.bootstrap.RequestScope;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

/** What the configuration lets through, the StatsD exporter starts with and means the same by. */
class StatsdExporterConfigTest {
  private final DatagramSocket daemon;
  private final List<String> problems = new ArrayList<>();

  StatsdExporterConfigTest() throws Exception {
    daemon = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  @AfterEach
  void closeDaemon() {
    daemon.close();
  }

  private Config config(String args) {
    return Config.resolve("service=shop,statsd.host=127.0.0.1,statsd.port=" + daemon.getLocalPort()
        + ",metrics.interval=1h," + args, Map.of(), new Properties(), problems::add);
  }

  private static RequestScope ended(long sleepMillis) throws InterruptedException {
    Activation activation = RequestScope.start("GET", "/owners", null, null);
    Thread.sleep(sleepMillis);
    activation.end(200, null, null);
    return activation.scope();
  }

  /** StatsdConfig refuses more than 1h: the key used to pass 2h and the exporter was left out. */
  @Test
  void aFlushIntervalPastTheClientsLimitIsReportedAndTheExporterStarts() {
    Config config = config("statsd.flush_interval=2h");
    assertThat(problems).containsExactly(
        "reqtrace: reqtrace.statsd.flush_interval=2h is longer than the maximum 1h; using 1s");
    try (StatsdExporter exporter = StatsdExporter.start(config, NOPLogger.NOP_LOGGER)) {
      assertThat(exporter.client().config().flushInterval()).isEqualTo(Duration.ofSeconds(1));
    }
  }

  @Test
  void theLongestFlushIntervalTheKeyAcceptsStartsTheExporter() {
    Config config = config("statsd.flush_interval=1h");
    assertThat(problems).isEmpty();
    try (StatsdExporter exporter = StatsdExporter.start(config, NOPLogger.NOP_LOGGER)) {
      assertThat(exporter.client().config().flushInterval()).isEqualTo(Duration.ofHours(1));
    }
  }

  /** slow.threshold=0 turns the slow report off; the exporter used to count every request as slow. */
  @Test
  void aZeroSlowThresholdCountsNoRequestAsSlow() throws Exception {
    try (StatsdExporter exporter = StatsdExporter.start(config("slow.threshold=0"), NOPLogger.NOP_LOGGER)) {
      exporter.accept(ended(2), "/owners");
      assertThat(requests(exporter)).isEqualTo(1);
      assertThat(slow(exporter)).isZero();
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void aRequestAtTheThresholdCountsAsSlow() throws Exception {
    try (StatsdExporter exporter = StatsdExporter.start(config("slow.threshold=1ms"), NOPLogger.NOP_LOGGER)) {
      exporter.accept(ended(2), "/owners");
      assertThat(slow(exporter)).isEqualTo(1);
    }
  }

  /** The client hands out the exporter's own counter for the same name and tags. */
  private static long slow(StatsdExporter exporter) {
    return exporter.client().counter("http_request.slow", "method", "GET", "route", "/owners").total();
  }

  private static long requests(StatsdExporter exporter) {
    return exporter.client().counter("http_request", "method", "GET", "route", "/owners",
        "http_status", "200", "status_class", "2xx").total();
  }
}
