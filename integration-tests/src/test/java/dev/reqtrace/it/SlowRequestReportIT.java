package dev.reqtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * DESIGN "Spans and slow requests": with {@code reqtrace.slow.threshold=1s} a 1.5 s request gets
 * exactly one WARN slow report (request ID, method, route, status, duration, DB count and time,
 * top statement) and fast requests get none.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowRequestReportIT {
  private ForkedApp app;
  private Http http;

  @BeforeAll
  void start() {
    app = DbSpanLines.jdbcApp(ForkedApp.builder(DbSpanLines.jdkName("SlowRequestReportIT")), null)
        .sysProp("reqtrace.slow.threshold", "1s")
        .expectAgentProblem("\\bWARN slow request request_id=")
        .start();
    http = new Http(app.port());
    // Warm up: the first requests pay for class loading and JIT and may pass 1 s on a busy machine.
    for (int i = 0; i < 20; i++) {
      http.get("/jdbc/fast");
    }
  }

  @AfterEach
  void noUnexpectedAgentProblems() {
    app.assertNoUnexpectedAgentProblems();
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void aSlowRequestGetsOneReportAndFastOnesNone() {
    int mark = app.mark();
    List<String> fast = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      fast.add(http.get("/jdbc/fast").requestId());
    }
    Http.Response slow = http.get("/jdbc/slow?ms=1500");
    assertThat(slow.status()).isEqualTo(200);
    String id = slow.requestId();
    String first = app.awaitLine(l -> l.contains("WARN slow request request_id=" + id + " "),
        java.time.Duration.ofSeconds(30));
    for (int i = 0; i < 10; i++) {
      fast.add(http.get("/jdbc/fast").requestId());
    }
    // A barrier: a request after everything above, whose report would be logged by now.
    String barrier = http.get("/jdbc/slow?ms=1100").requestId();
    app.awaitLine(l -> l.contains("WARN slow request request_id=" + barrier + " "),
        java.time.Duration.ofSeconds(30));

    assertThat(first).matches("^\\[reqtrace] \\S+ WARN slow request request_id=" + id
        + " method=GET route=/jdbc/slow status=200 duration_ms=1\\d{3}\\.\\d threshold_ms=1000\\.0"
        + " db_count=1 db_time_ms=\\d+\\.\\d$");
    List<String> after = app.linesSince(mark);
    int at = after.indexOf(first);
    assertThat(after.get(at + 1)).isEqualTo("[reqtrace]   top statements by total time:");
    assertThat(after.get(at + 2)).matches("^\\[reqtrace]   1\\. count=1 total_ms=\\d+\\.\\d max_ms=\\d+\\.\\d"
        + " system=h2 statement=\"select name from owners where id = \\?\"$");
    assertThat(after).filteredOn(l -> l.contains("slow request request_id=")).hasSize(2);
    for (String fastId : fast) {
      assertThat(after).noneMatch(l -> l.contains("slow request request_id=" + fastId + " "));
    }
  }
}
