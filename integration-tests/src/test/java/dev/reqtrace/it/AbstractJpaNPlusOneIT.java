package dev.reqtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * DESIGN "Spans and slow requests", N+1: a Spring Boot JPA app (Hibernate, HikariCP, H2) whose
 * listing of 20 parents loads each parent's lazy children with its own query gets one N+1 report
 * naming the request, the Spring route and a count of at least 20. Subclasses name the app.
 */
abstract class AbstractJpaNPlusOneIT extends AbstractAppIT {
  private static final Pattern REPORT = Pattern.compile("WARN N\\+1 queries request_id=(\\S+) method=GET"
      + " route=(\\S+) status=200 threshold=10 count=(\\d+) total_ms=\\d+\\.\\d system=h2 statement=\"(.*)\"$");

  @Override
  protected ForkedApp.Builder options(ForkedApp.Builder builder) {
    return super.options(builder)
        // For the server-span lines, which carry the route of a request without a report.
        .sysProp("reqtrace.log.level", "debug")
        .expectAgentProblem("\\bWARN N\\+1 queries request_id=\\S+ method=GET route=/parents ");
  }

  @Test
  void listingTwentyParentsWithLazyChildrenGivesOneNPlusOneReport() {
    Http.Response one = http.get("/parents/1");
    assertThat(one.status()).isEqualTo(200);
    // The Spring MVC pattern with its path variable, not the path.
    String oneSpan = app.awaitLine(l -> l.contains(" server-span request_id=" + one.requestId() + " "),
        Duration.ofSeconds(30));
    assertThat(oneSpan).contains(" method=GET route=/parents/{id} status=200 ");
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
