package dev.reqtrace.agent.report;

import dev.reqtrace.agent.config.Config;
import dev.reqtrace.agent.config.Keys;
import dev.reqtrace.agent.record.RequestSink;
import dev.reqtrace.bootstrap.JdbcCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * The agent-log reports: DEBUG db-span lines, slow-request and N+1 WARN reports (whatever the
 * exporters), and the {@code log} exporter's periodic per-route summary.
 */
public final class Reports {
  private Reports() {}

  /** Builds the report sinks of {@code config}, starting the summary thread when it is on. */
  public static List<RequestSink> create(Config config, Logger log) {
    List<RequestSink> sinks = new ArrayList<>();
    sinks.add(new DbSpanLog(log));
    SlowRequestReport slow = new SlowRequestReport(config.get(Keys.SLOW_THRESHOLD), log,
        ReportLimiter.perMinute());
    NPlusOneReport nPlusOne = new NPlusOneReport(config.get(Keys.N_PLUS_ONE_THRESHOLD), log,
        ReportLimiter.perMinute());
    sinks.add(slow);
    sinks.add(nPlusOne);
    Duration interval = config.get(Keys.LOG_SUMMARY_INTERVAL);
    if (config.get(Keys.EXPORTER).contains("log") && !interval.isZero()) {
      RouteSummary summary = new RouteSummary(log, interval, slow::count, nPlusOne::count,
          JdbcCall::outsideRequests);
      summary.start();
      sinks.add(summary);
    }
    return sinks;
  }
}
