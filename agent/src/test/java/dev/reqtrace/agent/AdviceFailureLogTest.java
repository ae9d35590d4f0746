package dev.reqtrace.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reqtrace.bootstrap.Failures;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** What the operator reads when advice failed, and how often. */
class AdviceFailureLogTest {
  private final CapturingLogger log = new CapturingLogger(Level.INFO);

  @Test
  void reportsEachKindOnceWithTheCountAndNoMessage() {
    AdviceFailureLog failures = new AdviceFailureLog(log, Throttle.perMinute());
    failures.run(); // whatever other tests in this JVM counted before
    log.lines.clear();

    for (int i = 0; i < 3; i++) {
      Failures.record(Failures.ADVICE, new IllegalStateException("token=s3cr3t from a header"));
    }
    failures.run();
    Failures.record(Failures.ADVICE, new IllegalStateException("again"));
    failures.run(); // within the minute: held back

    assertThat(log.at(Level.WARN)).singleElement().satisfies(line -> {
      assertThat(line).startsWith("servlet or JDBC advice failed 3 time(s) since the last report")
          .contains("first since then: java.lang.IllegalStateException at " + getClass().getName() + ".")
          .doesNotContain("s3cr3t");
    });
  }

  @Test
  void theNextReportCountsOnlyWhatCameSince() {
    AdviceFailureLog failures = new AdviceFailureLog(log, new Throttle(1, TimeUnit.NANOSECONDS));
    failures.run();
    log.lines.clear();

    Failures.record(Failures.MDC, new RuntimeException());
    failures.run();
    failures.run(); // nothing new: no line
    Failures.record(Failures.MDC, new RuntimeException());
    Failures.record(Failures.MDC, new RuntimeException());
    failures.run();

    assertThat(log.at(Level.WARN)).satisfiesExactly(
        first -> assertThat(first).startsWith("writing the logging context (MDC) failed 1 time(s)"),
        second -> assertThat(second)
            .startsWith("writing the logging context (MDC) failed 2 time(s)"));
  }

  @Test
  void keepsNoThrowableThatCouldPinAWebappLoader() throws Exception {
    AdviceFailureLog failures = new AdviceFailureLog(log, new Throttle(1, TimeUnit.NANOSECONDS));
    failures.run();
    log.lines.clear();
    java.lang.ref.WeakReference<Throwable> example = recordAndForget();
    for (int i = 0; i < 50 && example.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }

    assertThat(example.get()).as("the recorded failure, still reachable").isNull();
    failures.run();
    assertThat(log.at(Level.WARN)).singleElement()
        .satisfies(line -> assertThat(line).contains("first since then: java.lang.IllegalArgumentException"));
  }

  private static java.lang.ref.WeakReference<Throwable> recordAndForget() {
    Throwable failure = new IllegalArgumentException("from a webapp class");
    Failures.record(Failures.ASYNC, failure);
    return new java.lang.ref.WeakReference<>(failure);
  }
}
