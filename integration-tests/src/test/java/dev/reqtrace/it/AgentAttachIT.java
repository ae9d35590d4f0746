package dev.reqtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Attaching the agent to a running JVM ({@code Agent-Class}): the classes already loaded are
 * retransformed and the next requests are traced. The JVM appends the jar's Boot-Class-Path now,
 * after start-up, and says so in one warning line of its own (README "Installing").
 */
class AgentAttachIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void attachedToARunningAppItTracesTheNextRequests() throws Exception {
    try (ForkedApp app = TestApp.JETTY12.start("AgentAttachIT", ForkedApp.Builder::withoutAgent)) {
      Http http = new Http(app.port());
      assertThat(http.get("/hello?n=before-attach").all(Http.HEADER)).as("no agent yet").isEmpty();

      VirtualMachine vm = VirtualMachine.attach(Long.toString(app.pid()));
      try {
        vm.loadAgent(Harness.agentJar().toString(), "log.level=debug");
      } finally {
        vm.detach();
      }
      app.awaitLine(l -> l.contains("instrumentation ready in"), WAIT);

      Http.Response r = http.get("/hello?n=after-attach");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.requestId()).matches(Http.FRESH_ID);
      app.awaitLine(l -> l.contains("hello n=after-attach") && l.contains(r.requestId()), WAIT);
      app.awaitLine(l -> l.startsWith(ForkedApp.AGENT_PREFIX) && l.contains("server-span")
          && l.contains(r.requestId()), WAIT);
      app.assertNoUnexpectedAgentProblems();
    }
  }
}
