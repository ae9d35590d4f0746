package dev.reqtrace.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reqtrace.agent.CapturingLogger;
import dev.reqtrace.agent.config.Config;
import dev.reqtrace.agent.scrub.Scrubber;
import dev.reqtrace.bootstrap.RequestScope;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class ErrorStormsTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void tenThousandIdenticalErrorsAreOneReportAndOneSummaryLine() {
    AtomicLong now = new AtomicLong(5 * SECOND);
    CapturingLogger log = new CapturingLogger(Level.INFO);
    ErrorReporter reporter = new ErrorReporter(log, Scrubber.from(Config.defaults()),
        Duration.ofMinutes(1), now::get);
    IllegalStateException failure = new IllegalStateException("payment service unavailable");
    failure.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("shop.Pay", "go", "Pay.java", 7)});

    for (int i = 0; i < 10_000; i++) {
      RequestScope scope = ErrorReportTest.failedRequest("GET", "/fail", 500, failure, null);
      reporter.accept(scope, "/fail");
      now.addAndGet(SECOND / 1000);
      reporter.writeSummaries();
    }
    assertThat(log.at(Level.ERROR)).singleElement().asString().startsWith("request error");

    now.set(5 * SECOND + 60 * SECOND);
    reporter.writeSummaries();
    assertThat(log.at(Level.ERROR)).hasSize(2).last().isEqualTo("... and 9,999 more identical"
        + " errors in the last minute: java.lang.IllegalStateException at shop.Pay.go(Pay.java:7)"
        + " on GET /fail (last request_id=req-1)");
    assertThat(reporter.count()).isEqualTo(10_000);

    // The storm is over: the next one is reported in full again, and nothing is pending.
    reporter.accept(ErrorReportTest.failedRequest("GET", "/fail", 500, failure, null), "/fail");
    reporter.flush();
    assertThat(log.at(Level.ERROR)).hasSize(3);
  }

  @Test
  void distinctKindsEachGetAReportUpToTheBudgetThenOneOverflowLine() {
    ErrorStorms storms = new ErrorStorms(Duration.ofSeconds(10), 0);
    int full = 0;
    for (int kind = 0; kind < 100; kind++) {
      for (int i = 0; i < 3; i++) {
        full += storms.admit("kind " + kind, "kind " + kind, "id", kind) ? 1 : 0;
      }
    }
    assertThat(full).isEqualTo(ErrorStorms.MAX_FULL_PER_WINDOW);
    assertThat(storms.summaries(5 * SECOND)).isEmpty();
    assertThat(storms.summaries(11 * SECOND)).hasSize(ErrorStorms.MAX_FULL_PER_WINDOW + 1)
        .contains("... and 2 more identical errors in the last 10 s: kind 0 (last request_id=id)")
        .last().isEqualTo("... and 240 more errors of other kinds in the last 10 s, not reported"
            + " in full (at most 20 full error reports per 10 s)");
    assertThat(storms.summaries(30 * SECOND)).isEmpty();
  }

  @Test
  void aStormWithoutCountsNeedsNoSummaryAndFlushWritesWhatIsPending() {
    ErrorStorms storms = new ErrorStorms(Duration.ofMinutes(1), 0);
    assertThat(storms.admit("a", "A", "1", 0)).isTrue();
    assertThat(storms.summaries(61 * SECOND)).isEmpty();
    assertThat(storms.admit("b", "B", "2", 62 * SECOND)).isTrue();
    assertThat(storms.admit("b", "B", "3", 63 * SECOND)).isFalse();
    assertThat(storms.flush(64 * SECOND))
        .containsExactly("... and 1 more identical errors in the last minute: B (last request_id=3)");
  }

  @Test
  void noErrorGoesUncountedWhileWindowsCloseUnderConcurrentThreads() throws Exception {
    AtomicLong clock = new AtomicLong();
    ErrorStorms storms = new ErrorStorms(Duration.ofMillis(1), 0);
    LongAdder full = new LongAdder();
    int threads = 4;
    int perThread = 50_000;
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] = new Thread(() -> {
        for (int i = 0; i < perThread; i++) {
          // Windows of 1 ms on a clock that moves 10 µs per error: thousands of window ends.
          if (storms.admit("kind " + (i % 3), "k", "id", clock.addAndGet(10_000))) {
            full.increment();
          }
        }
      });
      workers[t].start();
    }
    long summarised = 0;
    while (Arrays.stream(workers).anyMatch(Thread::isAlive)) {
      summarised += counted(storms.summaries(clock.get()));
    }
    summarised += counted(storms.flush(clock.get()));
    assertThat(full.sum() + summarised).isEqualTo((long) threads * perThread);
  }

  private static long counted(java.util.List<String> lines) {
    long sum = 0;
    for (String line : lines) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\.\\.\\. and ([0-9,]+) more")
          .matcher(line);
      assertThat(m.find()).as(line).isTrue();
      sum += Long.parseLong(m.group(1).replace(",", ""));
    }
    return sum;
  }

  @Test
  void describesWindows() {
    assertThat(ErrorStorms.describe(Duration.ofMinutes(1))).isEqualTo("minute");
    assertThat(ErrorStorms.describe(Duration.ofMinutes(5))).isEqualTo("5 minutes");
    assertThat(ErrorStorms.describe(Duration.ofSeconds(5))).isEqualTo("5 s");
    assertThat(ErrorStorms.describe(Duration.ofMillis(1500))).isEqualTo("1500 ms");
  }
}
