package dev.reqtrace.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReportsTest {
  private static final String NL = System.lineSeparator() + "[reqtrace]   ";

  @Test
  void slowReportListsTheTopStatementsByTotalTime() {
    List<StatementGroup> groups = List.of(
        new StatementGroup("select * from pets where owner_id = ?", "postgresql", 20, 40_000_000, 3_000_000),
        new StatementGroup("select * from owners", "postgresql", 1, 2_500_000, 2_500_000));
    assertThat(SlowRequestReport.format("req-1", "GET", "/owners", 200, 1_503_200_000L,
        1_000_000_000L, 21, 42_500_000, 0, groups)).isEqualTo(
        "slow request request_id=req-1 method=GET route=/owners status=200 duration_ms=1503.2"
            + " threshold_ms=1000.0 db_count=21 db_time_ms=42.5"
            + NL + "top statements by total time:"
            + NL + "1. count=20 total_ms=40.0 max_ms=3.0 system=postgresql"
            + " statement=\"select * from pets where owner_id = ?\""
            + NL + "2. count=1 total_ms=2.5 max_ms=2.5 system=postgresql statement=\"select * from owners\"");
  }

  @Test
  void slowReportWithoutStatementsIsOneLine() {
    assertThat(SlowRequestReport.format("req-2", "POST", "/slow", 500, 2_000_000_000L,
        1_000_000_000L, 0, 0, 0, List.of())).isEqualTo(
        "slow request request_id=req-2 method=POST route=/slow status=500 duration_ms=2000.0"
            + " threshold_ms=1000.0 db_count=0 db_time_ms=0.0");
  }

  @Test
  void slowReportCutsTheListAfterFiveStatements() {
    List<StatementGroup> groups = new java.util.ArrayList<>();
    for (int i = 0; i < 7; i++) {
      groups.add(new StatementGroup("select " + i, "h2", 1, 1_000_000, 1_000_000));
    }
    String text = SlowRequestReport.format("r", "GET", "/x", 200, 1, 1, 7, 7_000_000, 0, groups);
    assertThat(text).contains(NL + "5. count=1").doesNotContain("6. count").endsWith(NL + "... 2 more statements");
  }

  @Test
  void nPlusOneReportNamesTheStatementCountAndTotalTime() {
    List<StatementGroup> repeated = List.of(
        new StatementGroup("select * from pets where owner_id = ?", "h2", 20, 12_300_000, 900_000),
        new StatementGroup("select \"x\" from visits where pet_id = ?", "h2", 12, 4_000_000, 500_000));
    assertThat(NPlusOneReport.format("req-3", "GET", "/owners", 200, 10, repeated, 32, 0)).isEqualTo(
        "N+1 queries request_id=req-3 method=GET route=/owners status=200 threshold=10"
            + " count=20 total_ms=12.3 system=h2 statement=\"select * from pets where owner_id = ?\""
            + NL + "count=12 total_ms=4.0 system=h2 statement=\"select \"\"x\"\" from visits where pet_id = ?\"");
  }

  @Test
  void theLimiterLetsABurstThroughThenCountsWhatItHoldsBack() {
    ReportLimiter limiter = new ReportLimiter(3, 1, TimeUnit.MINUTES, 0);
    long minute = TimeUnit.MINUTES.toNanos(1);
    assertThat(limiter.acquire(1)).isZero();
    assertThat(limiter.acquire(2)).isZero();
    assertThat(limiter.acquire(3)).isZero();
    for (int i = 0; i < 1000; i++) {
      assertThat(limiter.acquire(4 + i)).isEqualTo(-1);
    }
    assertThat(limiter.pendingSuppressed()).isEqualTo(1000);
    assertThat(limiter.acquire(minute + 10)).isEqualTo(1000);
    assertThat(limiter.acquire(minute + 11)).isZero();
  }

  @Test
  void histogramQuantilesAreWithinABucket() {
    LatencyHistogram h = new LatencyHistogram();
    for (int ms = 1; ms <= 100; ms++) {
      h.record(ms * 1_000_000L);
    }
    assertThat(h.quantile(0.5) / 1000).isBetween(45.0, 56.0);
    assertThat(h.quantile(0.9) / 1000).isBetween(80.0, 101.0);
    assertThat(h.quantile(0.99) / 1000).isBetween(88.0, 113.0);
    assertThat(new LatencyHistogram().quantile(0.5)).isZero();
    for (long v : new long[] {0, 1, 15, 16, 17, 1000, 123_456_789, Long.MAX_VALUE / 1000}) {
      int i = LatencyHistogram.index(v);
      assertThat(i).isBetween(0, LatencyHistogram.BUCKETS - 1);
      if (v < 1L << 39) {
        assertThat(LatencyHistogram.value(i)).isBetween(v * 0.87, v * 1.13 + 1);
      }
    }
  }
}
