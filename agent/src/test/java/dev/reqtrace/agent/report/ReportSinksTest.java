package dev.reqtrace.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reqtrace.agent.CapturingLogger;
import dev.reqtrace.bootstrap.Activation;
import dev.reqtrace.bootstrap.JdbcCall;
import dev.reqtrace.bootstrap.RequestScope;
import dev.reqtrace.bootstrap.StatementRecord;
import dev.reqtrace.bootstrap.ThreadState;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** The report sinks fed real request scopes whose statements went through the bootstrap API. */
class ReportSinksTest {
  private static final String SECRET = "S3cret!";
  private final CapturingLogger log = new CapturingLogger(Level.DEBUG);

  /** A request that ran {@code pets} statements for pets and one for owners, with planted literals. */
  private static RequestScope request(int pets) {
    Object owners = new Object();
    Object pet = new Object();
    StatementRecord.prepared(null, owners, "select * from owners where password = '" + SECRET + "'");
    StatementRecord.prepared(null, pet, "select * from pets where owner_id = ? and note = '4111 1111 1111 1111'");
    Activation activation = RequestScope.start("GET", "/owners", "req-" + pets, null);
    try {
      JdbcCall.start(ThreadState.current(), owners, null).end(-1, null);
      for (int i = 0; i < pets; i++) {
        JdbcCall.start(ThreadState.current(), pet, null).end(-1, null);
      }
    } finally {
      activation.end(200, null, null);
    }
    return activation.scope();
  }

  @Test
  void nPlusOneIsReportedOnceWithCountRouteAndNormalizedStatement() {
    NPlusOneReport report = new NPlusOneReport(10, log, ReportLimiter.perMinute());
    report.accept(request(20), "/owners");
    report.accept(request(9), "/owners");
    assertThat(log.at(Level.WARN)).singleElement().satisfies(line -> assertThat(line)
        .startsWith("N+1 queries request_id=req-20 method=GET route=/owners status=200 threshold=10 count=20 total_ms=")
        .endsWith(" system=other_sql statement=\"select * from pets where owner_id = ? and note = ?\"")
        .doesNotContain(SECRET).doesNotContain("4111"));
    assertThat(report.count()).isEqualTo(1);
  }

  @Test
  void slowRequestsAreReportedAndFastOnesNot() throws Exception {
    SlowRequestReport report = new SlowRequestReport(Duration.ofMillis(50), log, ReportLimiter.perMinute());
    report.accept(request(1), "/owners");
    Activation slow = RequestScope.start("GET", "/slow", "slow-1", null);
    Thread.sleep(60);
    slow.end(200, null, null);
    report.accept(slow.scope(), "/slow");
    assertThat(log.at(Level.WARN)).singleElement().satisfies(line -> assertThat(line)
        .startsWith("slow request request_id=slow-1 method=GET route=/slow status=200 duration_ms=")
        .contains(" threshold_ms=50.0 db_count=0 db_time_ms=0.0"));
  }

  @Test
  void aStormGivesTenReportsAMinuteAndOneSuppressedLine() {
    ReportLimiter limiter = new ReportLimiter(10, 1, TimeUnit.MINUTES, System.nanoTime() - TimeUnit.MINUTES.toNanos(2));
    SlowRequestReport report = new SlowRequestReport(Duration.ofNanos(1), log, limiter);
    for (int i = 0; i < 200; i++) {
      report.accept(request(0), "/owners");
    }
    assertThat(log.at(Level.WARN)).hasSize(10);
    assertThat(limiter.pendingSuppressed()).isEqualTo(190);
    assertThat(report.count()).isEqualTo(200);
  }

  @Test
  void dbSpanLinesAtDebugOnePerStatementWithoutLiterals() {
    new DbSpanLog(log).accept(request(2), "/owners");
    assertThat(log.at(Level.DEBUG)).hasSize(3).allSatisfy(line -> assertThat(line)
        .matches("db-span request_id=req-2 system=other_sql operation=SELECT statement=\"select \\* from (owners|pets) where .*\" duration_ms=\\d+\\.\\d{3}")
        .doesNotContain(SECRET));
    CapturingLogger info = new CapturingLogger(Level.INFO);
    new DbSpanLog(info).accept(request(2), "/owners");
    assertThat(info.lines).isEmpty();
  }

  @Test
  void summaryHasTotalsAndOneLinePerRouteBusiestFirst() {
    long[] slow = {0};
    RouteSummary summary = new RouteSummary(log, Duration.ofSeconds(60), () -> slow[0], () -> 0,
        () -> 0);
    assertThat(summary.drain()).isNull();
    for (int i = 0; i < 3; i++) {
      summary.accept(request(1), "/owners");
    }
    Activation failed = RequestScope.start("POST", "/pay", null, null);
    failed.end(503, null, null);
    summary.accept(failed.scope(), "/pay");
    slow[0] = 2;
    String text = summary.drain();
    String nl = System.lineSeparator() + "[reqtrace]   ";
    assertThat(text).startsWith("summary interval_s=60 requests=4 errors=1 slow=2 n_plus_one=0 db_outside_requests=0" + nl);
    String[] lines = text.split(java.util.regex.Pattern.quote(nl));
    assertThat(lines).hasSize(3);
    assertThat(lines[1]).matches("route=\"GET /owners\" count=3 errors=0 p50_ms=\\d+\\.\\d p90_ms=\\d+\\.\\d p99_ms=\\d+\\.\\d db_time_share=\\d+%");
    assertThat(lines[2]).matches("route=\"POST /pay\" count=1 errors=1 .* db_time_share=0%");
    assertThat(summary.drain()).isNull();
  }

  /**
   * The method is the client's: any token is a valid one, and the container answers an unknown
   * method with 501. Keyed by it, a scanner sending random methods made a route entry (and a
   * latency histogram of ~2.5 KB) per request, all interval long.
   */
  @Test
  void summaryFoldsUnknownMethodsSoClientsCannotGrowItPerRequest() {
    RouteSummary summary = new RouteSummary(log, Duration.ofSeconds(60), () -> 0, () -> 0, () -> 0);
    for (int i = 0; i < 500; i++) {
      Activation scan = RequestScope.start("SCAN" + i, "/", null, null);
      scan.end(501, null, null);
      summary.accept(scan.scope(), "/");
    }
    summary.accept(request(0), "/owners");
    String text = summary.drain();
    String nl = System.lineSeparator() + "[reqtrace]   ";
    String[] lines = text.split(java.util.regex.Pattern.quote(nl));
    assertThat(lines).hasSize(3);
    assertThat(lines[1]).startsWith("route=\"OTHER /\" count=500 errors=500 ");
    assertThat(lines[2]).startsWith("route=\"GET /owners\" count=1 errors=0 ");
  }

  /**
   * Normalization keeps quoted identifiers as written, line breaks and control characters
   * included: an alias built from user input could end a report's line and start a forged
   * "[reqtrace] ... ERROR" line of its own.
   */
  @Test
  void lineBreaksAndControlCharactersInAStatementStayInsideItsOneLine() {
    Object forged = new Object();
    StatementRecord.prepared(null, forged,
        "select total as \"x\r\n[reqtrace] 2026-11-27T00:00:00Z ERROR forged\u2028\u0085\u001b[2J\" from t");
    Activation activation = RequestScope.start("GET", "/report", "req-forged", null);
    try {
      for (int i = 0; i < 10; i++) {
        JdbcCall.start(ThreadState.current(), forged, null).end(-1, null);
      }
    } finally {
      activation.end(200, null, null);
    }
    new NPlusOneReport(10, log, ReportLimiter.perMinute()).accept(activation.scope(), "/report");
    new DbSpanLog(log).accept(activation.scope(), "/report");
    assertThat(log.lines).hasSize(11).allSatisfy(line -> assertThat(line)
        .doesNotContain("\n").doesNotContain("\r").doesNotContain("\u2028").doesNotContain("\u0085")
        .doesNotContain("\u001b")
        .contains("statement=\"select total as \"\"x\\r\\n[reqtrace] 2026-11-27T00:00:00Z ERROR forged"
            + "\\u2028\\u0085\\u001b[2J\"\" from t\""));
  }

  /**
   * A request keeps its first DbStats.MAX_SPANS statements one by one: the N+1 and slow reports
   * counted only those, and a request that ran one statement 1500 times read "count=1000" as if
   * that were all. The reports now say which statements their counts cover.
   */
  @Test
  void reportsSayTheirCountsCoverOnlyTheStatementsARequestKeeps() {
    RequestScope scope = request(1499);
    assertThat(scope.db().count()).isEqualTo(1500);
    new NPlusOneReport(10, log, ReportLimiter.perMinute()).accept(scope, "/owners");
    new SlowRequestReport(Duration.ofNanos(1), log, ReportLimiter.perMinute()).accept(scope, "/owners");
    assertThat(log.at(Level.WARN)).satisfiesExactly(
        nPlusOne -> assertThat(nPlusOne).startsWith("N+1 queries request_id=req-1499 method=GET route=/owners"
            + " status=200 threshold=10 counted_statements=1000 db_count=1500 count=999 total_ms="),
        slow -> assertThat(slow).contains(" db_count=1500 ").contains(System.lineSeparator()
            + "[reqtrace]   top statements by total time of the first 1000 statements:"));
  }
}
