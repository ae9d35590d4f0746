package dev.reqtrace.it;

import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One forked app per test class (start-up dominates the suite's time): started in
 * {@code @BeforeAll}, checked for undeclared agent WARN/ERROR lines after every test, killed in
 * {@code @AfterAll}. Subclasses name the container; scenario classes add JVM options.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractAppIT {
  /** The app under test and a client for it; set in {@link #startApp()}. */
  protected ForkedApp app;
  protected Http http;

  /** Which container this subclass runs the scenario on. */
  protected abstract TestApp testApp();

  /**
   * JVM options and expected agent lines. By default the slow threshold is raised so a request
   * that is merely slow on a loaded two-core CI machine gives no (unexpected) WARN report.
   */
  protected ForkedApp.Builder options(ForkedApp.Builder builder) {
    return builder.sysProp("reqtrace.slow.threshold", "60s");
  }

  /**
   * GET through {@link #http}; a 5xx response (an endpoint failing on purpose) declares the
   * agent's error report for that one request ID expected, and nothing else.
   */
  protected Http.Response request(String path, String... headerPairs) {
    Http.Response r = http.get(path, headerPairs);
    if (r.status() >= 500) {
      for (String id : r.all(Http.HEADER)) {
        app.expectAgentProblem("\\bERROR request error request_id=" + Pattern.quote(id) + " ");
      }
    }
    return r;
  }

  @BeforeAll
  void startApp() {
    app = testApp().start(getClass().getSimpleName(), this::options);
    http = new Http(app.port());
  }

  @AfterEach
  void noUnexpectedAgentProblems() {
    app.assertNoNewUnexpectedAgentProblems();
  }

  @AfterAll
  void stopApp() {
    if (app != null) {
      try {
        app.assertNoNewUnexpectedAgentProblems();
      } finally {
        app.close();
      }
    }
  }
}
