package dev.reqtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a user sees and what support finds: a real headless Chromium opens the demo app's error
 * pages (the app runs with the agent), reads the reference the page shows, and the agent log's
 * error report for that very request carries the same ID. Screenshots go to
 * {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorPageChromiumIT {
  private static final String ID = "[0-9a-f]{32}";

  private ForkedApp app;
  private WebDriver browser;
  private Path screenshots;

  @BeforeAll
  void start() throws Exception {
    Path jar = Harness.moduleDir().resolveSibling("demo-app").resolve("target/reqtrace-demo.jar")
        .normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("demo app not built: " + jar + " (mvn -q -pl demo-app package)");
    }
    String label = Harness.jdkLabel().replaceAll("[^A-Za-z0-9]+", "");
    int port = TestApp.freePort();
    app = ForkedApp.builder("ErrorPageChromiumIT-" + label)
        .sysProp("port", Integer.toString(port))
        .sysProp("reqtrace.slow.threshold", "60s")
        .expectAgentProblem("\\bERROR request error request_id=")
        .launch("-jar", jar.toString())
        .readyWhenHttpOk(port, "/")
        .start();
    screenshots = Harness.moduleDir().resolve("target/screenshots");
    browser = WebDriver.start(Harness.moduleDir().resolve("target/it-logs/chromium-" + label));
  }

  @AfterEach
  void noUnexpectedAgentProblems() {
    app.assertNoUnexpectedAgentProblems();
  }

  @AfterAll
  void stop() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (app != null) {
        app.close();
      }
    }
  }

  @Test
  void theJavaScriptClientShowsTheRequestIdOfTheFailedCallAndTheAgentLogHasItsReport()
      throws Exception {
    browser.open("http://127.0.0.1:" + app.port() + "/error-demo.html");
    String shown = browser.awaitText("#error-message", "Something went wrong. Reference: ",
        Duration.ofSeconds(30));
    browser.screenshot(screenshots.resolve("error-demo-" + jdk() + ".png"));

    String id = shown.substring("Something went wrong. Reference: ".length());
    assertThat(id).matches(ID);
    assertThat(app.awaitLine(l -> l.contains(" ERROR request error request_id=" + id + " "),
        Duration.ofSeconds(30)))
        .contains(" method=GET url=http://127.0.0.1:" + app.port() + "/api/fail route=/api/fail"
            + " status=500 ");
  }

  @Test
  void theServerSideErrorPageShowsTheRequestIdOfItsReport() throws Exception {
    browser.open("http://127.0.0.1:" + app.port() + "/fail");
    String shown = browser.awaitText("#error-message", "Sorry, something went wrong. Reference: ",
        Duration.ofSeconds(30));
    browser.screenshot(screenshots.resolve("error-page-" + jdk() + ".png"));

    String id = shown.substring("Sorry, something went wrong. Reference: ".length());
    assertThat(id).matches(ID);
    assertThat(app.awaitLine(l -> l.contains(" ERROR request error request_id=" + id + " "),
        Duration.ofSeconds(30)))
        .contains(" method=GET url=http://127.0.0.1:" + app.port() + "/fail route=/fail status=500 ");
  }

  private static String jdk() {
    return Harness.jdkTag();
  }
}
