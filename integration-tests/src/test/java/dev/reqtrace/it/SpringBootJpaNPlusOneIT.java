package dev.reqtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * DESIGN "Spans and slow requests", N+1: a Spring Boot 3 JPA app (Hibernate, HikariCP, H2) whose
 * listing of 20 parents loads each parent's lazy children with its own query gets one N+1 report
 * naming the request, the Spring route and a count of at least 20.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpringBootJpaNPlusOneIT {
  private static final Pattern REPORT = Pattern.compile("WARN N\\+1 queries request_id=(\\S+) method=GET"
      + " route=(\\S+) status=200 threshold=10 count=(\\d+) total_ms=\\d+\\.\\d system=h2 statement=\"(.*)\"$");
  private ForkedApp app;
  private Http http;

  @BeforeAll
  void start() {
    app = ForkedApp.builder(DbSpanLines.jdkName("SpringBootJpaNPlusOneIT"))
        .sysProp("reqtrace.slow.threshold", "60s")
        .expectAgentProblem("\\bWARN N\\+1 queries request_id=\\S+ method=GET route=/parents ")
        .launch("-jar", Harness.appTarget("springboot-jpa").resolve("app.jar").toString())
        .start();
    http = new Http(app.port());
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
  void listingTwentyParentsWithLazyChildrenGivesOneNPlusOneReport() {
    Http.Response one = http.get("/parents/1");
    assertThat(one.status()).isEqualTo(200);
    Http.Response list = http.get("/parents");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body()).contains("\"children\":2");
    String id = list.requestId();
    String line = app.awaitLine(l -> l.contains("N+1 queries request_id=" + id + " "), Duration.ofSeconds(30));
    Matcher m = REPORT.matcher(line);
    assertThat(m.find()).as(line).isTrue();
    assertThat(m.group(2)).isEqualTo("/parents");
    assertThat(Integer.parseInt(m.group(3))).isGreaterThanOrEqualTo(20);
    assertThat(m.group(4)).containsIgnoringCase("from child").contains("=?").doesNotContain("'");

    // Reports are logged before the response completes: none for the single parent, one listing.
    List<String> reports = app.lines().stream().filter(l -> l.contains("N+1 queries request_id=")).toList();
    assertThat(reports).hasSize(1);
    assertThat(reports.get(0)).contains("request_id=" + id + " ");
  }
}
