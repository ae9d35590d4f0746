package dev.reqtrace.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reqtrace.agent.CapturingLogger;
import dev.reqtrace.agent.config.Config;
import dev.reqtrace.agent.record.RequestSink;
import dev.reqtrace.bootstrap.Activation;
import dev.reqtrace.bootstrap.RequestScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class SlowRequestReportTest {
  private final CapturingLogger log = new CapturingLogger(Level.DEBUG);

  /**
   * reqtrace.slow.threshold=99999999h used to be accepted; Duration.toNanos() then threw in
   * Reports.create and the whole agent did not start.
   */
  @Test
  void anOverlongConfiguredThresholdIsReportedAndTheReportsStillStart() {
    List<String> problems = new ArrayList<>();
    Config config = Config.resolve("exporter=none,slow.threshold=99999999h", Map.of(), new Properties(),
        problems::add);
    List<RequestSink> sinks = Reports.create(config, log);
    assertThat(problems).containsExactly(
        "reqtrace: reqtrace.slow.threshold=99999999h is longer than the maximum 24h; using 1s");
    assertThat(sinks).hasAtLeastOneElementOfType(SlowRequestReport.class);
  }

  @Test
  void aZeroThresholdReportsAndCountsNothing() throws Exception {
    SlowRequestReport report = new SlowRequestReport(Duration.ZERO, log, ReportLimiter.perMinute());
    Activation activation = RequestScope.start("GET", "/owners", "req-1", null);
    Thread.sleep(2);
    activation.end(200, null, null);
    report.accept(activation.scope(), "/owners");
    assertThat(log.at(Level.WARN)).isEmpty();
    assertThat(report.count()).isZero();
  }
}
