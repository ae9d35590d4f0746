package dev.reqtrace.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reqtrace.agent.config.Config;
import dev.reqtrace.agent.scrub.Scrubber;
import dev.reqtrace.bootstrap.Activation;
import dev.reqtrace.bootstrap.ErrorDetails;
import dev.reqtrace.bootstrap.RequestScope;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorReportTest {
  private static final String CARD = "4111-1111-1111-1111";
  private final Scrubber scrubber = Scrubber.from(Config.defaults());

  @Test
  void formatsAFullReportWithEverySecretScrubbed() {
    IllegalStateException root = new IllegalStateException("payment declined for card " + CARD
        + "\nretry with password=hunter2");
    root.setStackTrace(new StackTraceElement[] {
        frame("shop.Payments", "charge", 41), frame("shop.Checkout", "pay", 20),
        frame("shop.CheckoutServlet", "doPost", 12), frame("jakarta.servlet.http.HttpServlet", "service", 649)});
    RuntimeException wrapper = new RuntimeException("checkout failed", root);
    wrapper.setStackTrace(new StackTraceElement[] {
        frame("shop.Checkout", "pay", 22), frame("shop.CheckoutServlet", "doPost", 12),
        frame("jakarta.servlet.http.HttpServlet", "service", 649)});

    String[] headers = new String[ErrorDetails.HEADERS.length];
    headers[0] = "shop.example:8080";
    headers[1] = "curl/8.5.0";
    headers[11] = "Bearer eyJhbGciOiJIUzI1NiJ9.secret.sig";
    headers[12] = "JSESSIONID=0123ABCD; lang=en";
    Map<String, String[]> params = new LinkedHashMap<>();
    params.put("item", new String[] {"42"});
    params.put("password", new String[] {"hunter2"});
    params.put("api_token", new String[] {"tok-123"});
    params.put("note", new String[] {"card " + CARD});

    RequestScope scope = failedRequest("POST", "/checkout/" + CARD, 500, wrapper, details ->
        details.capture("http://shop.example:8080/checkout/" + CARD,
            "coupon=X1&password=hunter2&api_key=AKIA", headers, "alice", "0123ABCD", params));

    String report = normalised(ErrorReport.format(scope, "/checkout/{id}", scrubber));
    String n = "\n[reqtrace]   ";
    assertThat(report).isEqualTo("request error request_id=req-1 method=POST"
        + " url=http://shop.example:8080/checkout/[REDACTED-CARD]?coupon=X1&password=[REDACTED]&api_key=[REDACTED]"
        + " route=/checkout/{id} status=500 time=T duration_ms=D exception=java.lang.RuntimeException"
        + n + "user: alice"
        + n + "session (sha256 prefix): " + sessionHash("0123ABCD")
        + n + "header Host: shop.example:8080"
        + n + "header User-Agent: curl/8.5.0"
        + n + "header Authorization: [REDACTED]"
        + n + "header Cookie: [REDACTED]"
        + n + "param item=42"
        + n + "param password=[REDACTED]"
        + n + "param api_token=[REDACTED]"
        + n + "param note=card [REDACTED-CARD]"
        + n + "java.lang.RuntimeException: checkout failed"
        + n + "\tat shop.Checkout.pay(Checkout.java:22)"
        + n + "\tat shop.CheckoutServlet.doPost(CheckoutServlet.java:12)"
        + n + "\tat jakarta.servlet.http.HttpServlet.service(HttpServlet.java:649)"
        + n + "Caused by: java.lang.IllegalStateException: payment declined for card [REDACTED-CARD]"
        + " | retry with password=[REDACTED]"
        + n + "\tat shop.Payments.charge(Payments.java:41)"
        + n + "\tat shop.Checkout.pay(Checkout.java:20)"
        + n + "\t... 2 more");
    assertThat(report).doesNotContain("hunter2", "AKIA", "tok-123", "eyJ", "0123ABCD", "1111-1111");
  }

  @Test
  void boundsTheStackTrace() {
    IllegalStateException deep = new IllegalStateException("deep");
    StackTraceElement[] frames = new StackTraceElement[300];
    for (int i = 0; i < frames.length; i++) {
      frames[i] = frame("app.Recursive", "call", i);
    }
    deep.setStackTrace(frames);
    Throwable chain = deep;
    for (int i = 0; i < 10; i++) {
      chain = new RuntimeException("level " + i, chain);
      chain.setStackTrace(frames);
    }
    RequestScope scope = failedRequest("GET", "/deep", 500, chain, null);

    String report = ErrorReport.format(scope, "/deep", scrubber);
    assertThat(report.split("\n")).hasSizeLessThan(1 + ErrorReport.TOP_FRAMES + 2
        + (ErrorReport.MAX_CAUSES + 1) * (ErrorReport.CAUSE_FRAMES + 2));
    assertThat(report).contains("\t... 275 more", "... further causes left out")
        .doesNotContain("IllegalStateException");
  }

  @Test
  void aStatusOnlyErrorWithoutCaptureStillReportsThePathScrubbed() {
    RequestScope scope = failedRequest("GET", "/cards/4111111111111111", 503, null, null);
    assertThat(normalised(ErrorReport.format(scope, "/cards/{id}", scrubber))).isEqualTo(
        "request error request_id=req-1 method=GET url=/cards/[REDACTED-CARD] route=/cards/{id}"
            + " status=503 time=T duration_ms=D exception=none");
    assertThat(ErrorReport.kind(scope, "/cards/{id}")).isEqualTo("status 503 GET /cards/{id}");
  }

  @Test
  void saysWhenTheBodyWasLeftUnread() {
    RequestScope scope = failedRequest("POST", "/upload", 500, new IllegalStateException(),
        details -> details.capture("http://h/upload", null, null, null, null, null));
    assertThat(ErrorReport.format(scope, "/upload", scrubber))
        .contains("params: not shown (the application had not parsed them; its body stays unread)");
  }

  @Test
  void identicalErrorsShareAKindThatNamesClassRouteAndTopFrame() {
    IllegalStateException a = new IllegalStateException("order 1");
    IllegalStateException b = new IllegalStateException("order 2");
    a.setStackTrace(new StackTraceElement[] {frame("shop.Pay", "go", 7)});
    b.setStackTrace(new StackTraceElement[] {frame("shop.Pay", "go", 7)});
    RequestScope first = failedRequest("GET", "/pay", 500, a, null);
    RequestScope second = failedRequest("GET", "/pay", 500, b, null);
    assertThat(ErrorReport.kind(first, "/pay")).isEqualTo(ErrorReport.kind(second, "/pay"))
        .isEqualTo("java.lang.IllegalStateException GET /pay shop.Pay.go(Pay.java:7)");
    assertThat(ErrorReport.describe(first, "/pay"))
        .isEqualTo("java.lang.IllegalStateException at shop.Pay.go(Pay.java:7) on GET /pay");
  }

  @Test
  void aServletExceptionWrapperGivesWayToItsCause() {
    IllegalStateException cause = new IllegalStateException("order 1");
    cause.setStackTrace(new StackTraceElement[] {frame("shop.Pay", "go", 7)});
    Exception wrapper = new WrappingServletException(cause);
    wrapper.setStackTrace(new StackTraceElement[] {
        frame("org.springframework.web.servlet.FrameworkServlet", "processRequest", 1022)});
    RequestScope scope = failedRequest("GET", "/pay", 500, wrapper, null);

    assertThat(ErrorReport.kind(scope, "/pay"))
        .isEqualTo("java.lang.IllegalStateException GET /pay shop.Pay.go(Pay.java:7)");
    assertThat(ErrorReport.format(scope, "/pay", scrubber))
        .contains(" exception=java.lang.IllegalStateException")
        .contains("ErrorReportTest$WrappingServletException: Request processing failed")
        .contains("Caused by: java.lang.IllegalStateException: order 1");
  }

  /** Named like the servlet API's, which the agent cannot see. */
  /**
   * A driver's exception quotes the failed SQL, literals and all (H2: "...; SQL statement: select
   * ... where diagnosis = '...'"), and so do the framework exceptions wrapping it (Spring's "bad
   * SQL grammar [...]", Hibernate's "could not prepare statement [...]"). The report printed them
   * as they were: the SQL literals the agent never logs anywhere else.
   */
  @Test
  void messagesOfAFailureFromTheDatabaseHaveTheirSqlLiteralsNormalizedAway() throws Exception {
    java.sql.SQLException driver;
    String sql = "select * from no_such_table where diagnosis = 'HIV positive' and born = 1971";
    try (java.sql.Connection c = new org.h2.Driver().connect("jdbc:h2:mem:errors", new java.util.Properties());
        java.sql.Statement s = c.createStatement()) {
      s.executeQuery(sql);
      throw new AssertionError("the query must fail");
    } catch (java.sql.SQLException e) {
      driver = e;
    }
    assertThat(driver.getMessage()).contains("HIV positive");
    RuntimeException spring = new RuntimeException("StatementCallback; bad SQL grammar [" + sql + "]", driver);
    RequestScope scope = failedRequest("GET", "/people", 500, spring, null);
    String report = ErrorReport.format(scope, "/people", scrubber);
    assertThat(report).doesNotContain("HIV").doesNotContain("1971")
        .contains("java.lang.RuntimeException: StatementCallback; bad SQL grammar"
            + " [select * from no_such_table where diagnosis = ? and born = ?]")
        .contains("Caused by: " + driver.getClass().getName() + ": Table \"NO_SUCH_TABLE\" not found"
            + " (this database is empty); SQL statement: select * from no_such_table where diagnosis = ?"
            + " and born = ?");
  }

  static final class WrappingServletException extends Exception {
    WrappingServletException(Throwable cause) {
      super("Request processing failed: " + cause, cause);
    }
  }

  /** A request that ended with {@code status} and {@code thrown}, its details filled by {@code capture}. */
  static RequestScope failedRequest(String method, String path, int status, Throwable thrown,
      java.util.function.Consumer<ErrorDetails> capture) {
    Activation activation = RequestScope.start(method, path, "req-1", null);
    RequestScope scope = activation.scope();
    ErrorDetails details = scope.captureErrorDetails(status, thrown);
    if (capture != null) {
      capture.accept(details);
    }
    activation.end(status, thrown, null);
    return scope;
  }

  private static StackTraceElement frame(String type, String method, int line) {
    String file = type.substring(type.lastIndexOf('.') + 1) + ".java";
    return new StackTraceElement(type, method, file, line);
  }

  private static String sessionHash(String id) {
    RequestScope scope = failedRequest("GET", "/", 500, null,
        details -> details.capture("http://h/", null, null, null, id, null));
    return scope.errorDetails().sessionHash();
  }

  private static String normalised(String report) {
    return report.replace(System.lineSeparator(), "\n")
        .replaceFirst(" time=\\S+", " time=T").replaceFirst(" duration_ms=\\S+", " duration_ms=D");
  }
}
