package dev.reqtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * DESIGN "Configuration": a bad value is reported in one clear line, its default used, and the app
 * still starts; unparseable agent arguments are ignored with a line saying so. One container is
 * enough: this is the agent's start-up, not the container's.
 */
class AgentStartupIT {
  private static final Duration LOG_WAIT = Duration.ofSeconds(30);

  @Test
  void badConfigValueIsReportedAndTheAppStillServes() {
    try (ForkedApp app = TestApp.JETTY12.start("AgentStartupIT-bad-value", b -> b
        .sysProp("reqtrace.slow.threshold", "abc")
        .expectAgentProblem("reqtrace\\.slow\\.threshold")
        // The threshold falls back to its 1s default: a cold first request may exceed it.
        .expectAgentProblem("\\bWARN slow request "))) {
      Http.Response r = new Http(app.port()).get("/hello");

      assertThat(r.status()).isEqualTo(200);
      assertThat(r.requestId()).matches(Http.FRESH_ID);
      String report = app.awaitLine(l -> isAgentLine(l)
          && l.contains("reqtrace.slow.threshold") && l.contains("abc"), LOG_WAIT);
      assertThat(app.lines()).as("one report of the bad value")
          .filteredOn(l -> isAgentLine(l) && l.contains("reqtrace.slow.threshold"))
          .containsExactly(report);
      app.assertNoUnexpectedAgentProblems();
    }
  }

  @Test
  void garbageAgentArgumentIsIgnoredAndTheAppStillServes() {
    try (ForkedApp app = TestApp.JETTY12.start("AgentStartupIT-garbage-args", b -> b
        .agentArgs("garbage,,=x")
        .sysProp("reqtrace.slow.threshold", "60s")
        .expectAgentProblem("(?i)ignor|garbage"))) {
      Http.Response r = new Http(app.port()).get("/hello");

      assertThat(r.status()).isEqualTo(200);
      assertThat(r.requestId()).matches(Http.FRESH_ID);
      app.awaitLine(l -> isAgentLine(l) && l.toLowerCase(Locale.ROOT).contains("ignor")
          && l.contains("garbage"), LOG_WAIT);
      app.assertNoUnexpectedAgentProblems();
    }
  }

  /** {@code [reqtrace] ...}, or the pre-logging {@code reqtrace: ...} form of STYLE §5. */
  private static boolean isAgentLine(String line) {
    return line.startsWith(ForkedApp.AGENT_PREFIX) || line.startsWith("reqtrace:");
  }
}
