package dev.reqtrace.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MDC scenarios on Tomcat 11 serving every request on a new virtual thread
 * ({@code useVirtualThreads}, as Spring Boot's {@code spring.threads.virtual.enabled} does): the
 * agent's per-thread state is new for every request there. Needs a JDK with virtual threads (21+):
 * skipped on the JDK 17 leg.
 */
class Tomcat11VirtualThreadsMdcIT extends AbstractMdcIT {
  @Override
  protected TestApp testApp() {
    return TestApp.TOMCAT11;
  }

  @Override
  protected ForkedApp.Builder options(ForkedApp.Builder builder) {
    return super.options(builder).sysProp("testapp.virtualThreads", "true");
  }

  @BeforeAll
  @Override
  void startApp() {
    assumeTrue(Harness.forkedJavaFeature() >= 21,
        "virtual threads need JDK 21+, the forked apps run " + Harness.forkedJavaVersion());
    super.startApp();
  }

  /** The scenarios above prove nothing about virtual threads unless the requests ran on them. */
  @Test
  void requestsRunOnVirtualThreads() {
    int mark = app.mark();
    assertThat(request("/hello?n=vt-check").status()).isEqualTo(200);
    List<String> lines = app.awaitLines(mark, AppLogLine.messageStartsWith("hello n=vt-check "), 2,
        Duration.ofSeconds(30));
    assertThat(lines).hasSize(2);
    for (String raw : lines) {
      // Tomcat names them <connector>-virt-<n> (VirtualThreadExecutor); its pool, <connector>-exec-<n>.
      assertThat(AppLogLine.of(raw).thread()).as("thread of: %s", raw).contains("-virt-");
    }
  }
}
