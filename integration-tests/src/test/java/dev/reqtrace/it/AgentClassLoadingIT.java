package dev.reqtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Where the agent's classes come from (README "Installing"): as built, the jar's manifest names the
 * jar itself as its {@code Boot-Class-Path}, so the JVM loads them from the boot class path; a jar
 * renamed from {@code reqtrace-agent.jar} is not found under that name and they come through the
 * application class loader, with one line saying so. Requests are traced either way, and neither
 * way makes the JVM print a warning (appending to the boot class path after start-up would: "Sharing
 * is only supported for boot loader classes ...").
 */
class AgentClassLoadingIT {
  private static final Duration LOG_WAIT = Duration.ofSeconds(30);

  @Test
  void asBuiltTheAgentsClassesComeFromTheBootClassPath() {
    try (ForkedApp app = TestApp.JETTY12.start("AgentClassLoadingIT-boot", b -> b
        .sysProp("reqtrace.log.level", "debug"))) {
      assertTraced(app);
      app.awaitLine(l -> l.contains("DEBUG agent classes loaded from the boot class path"), LOG_WAIT);
      assertThat(app.lines()).noneMatch(l -> l.contains("through the application class loader"));
      assertNoJvmWarning(app);
      app.assertNoUnexpectedAgentProblems();
    }
  }

  @Test
  void aRenamedJarLoadsThemThroughTheApplicationClassLoaderAndStillTraces() throws Exception {
    Path dir = Files.createTempDirectory("reqtrace-renamed-");
    Path renamed = Files.copy(Harness.agentJar(), dir.resolve("reqtrace-agent-renamed.jar"));
    try (ForkedApp app = TestApp.JETTY12.start("AgentClassLoadingIT-renamed", b -> b
        .agentJar(renamed))) {
      assertTraced(app);
      String line = app.awaitLine(l -> l.contains("through the application class loader"), LOG_WAIT);
      assertThat(line).startsWith(ForkedApp.AGENT_PREFIX).contains(" INFO ")
          .contains("reqtrace-agent.jar");
      assertNoJvmWarning(app);
      app.assertNoUnexpectedAgentProblems();
    } finally {
      Files.deleteIfExists(renamed);
      Files.deleteIfExists(dir);
    }
  }

  private static void assertTraced(ForkedApp app) {
    Http.Response r = new Http(app.port()).get("/hello?n=class-loading");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.requestId()).matches(Http.FRESH_ID);
    // The application's own log line of the request carries its ID (the logging MDC).
    app.awaitLine(l -> l.contains("hello n=class-loading") && l.contains(r.requestId()), LOG_WAIT);
  }

  private static void assertNoJvmWarning(ForkedApp app) {
    assertThat(app.lines()).noneMatch(l -> l.contains("VM warning"));
  }
}
