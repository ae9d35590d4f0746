package dev.reqtrace.agent.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reqtrace.agent.config.Config;
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
}
