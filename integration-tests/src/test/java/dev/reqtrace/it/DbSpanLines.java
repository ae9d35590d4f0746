package dev.reqtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the agent's DEBUG {@code db-span} lines (one per JDBC statement, after the request's
 * {@code server-span} line) and its WARN reports for one request.
 */
final class DbSpanLines {
  /** {@code [reqtrace] <time> DEBUG db-span request_id=.. system=.. operation=.. statement=".." duration_ms=n.nnn [batch_size=n] [rows=n] [error=true]}. */
  static final Pattern DB_SPAN = Pattern.compile("^\\[reqtrace] \\S+ DEBUG db-span request_id=(\\S+)"
      + " system=(\\S+) operation=(\\S+) statement=\"((?:[^\"]|\"\")*)\" duration_ms=\\d+\\.\\d{3}"
      + "(?: batch_size=(\\d+))?(?: rows=(\\d+))?(?: error=true)?$");
  private static final Duration WAIT = Duration.ofSeconds(30);

  private DbSpanLines() {}

  /** One statement of a request, as the agent logged it. */
  record DbSpan(String system, String operation, String statement, String batchSize, String rows) {
    @Override
    public String toString() {
      return system + " " + operation + " \"" + statement + "\""
          + (batchSize == null ? "" : " batch_size=" + batchSize) + (rows == null ? "" : " rows=" + rows);
    }
  }

  /**
   * GETs {@code path} and returns its request ID once every agent line of it is in: its
   * server-span line, then the server-span line of a later barrier request ({@code barrierPath}).
   */
  static String request(ForkedApp app, Http http, String path, String barrierPath) {
    int mark = app.mark();
    Http.Response r = http.get(path);
    assertThat(r.status()).as("GET %s: %s", path, r.body()).isEqualTo(200);
    String id = r.requestId();
    app.awaitLines(mark, serverSpanOf(id), 1, WAIT);
    String barrier = http.get(barrierPath).requestId();
    app.awaitLines(mark, serverSpanOf(barrier), 1, WAIT);
    return id;
  }

  /** The db-span lines of request {@code id}, in the order logged, each checked against the format. */
  static List<DbSpan> spansOf(ForkedApp app, String id) {
    String needle = " db-span request_id=" + id + " ";
    return app.lines().stream().filter(l -> l.startsWith(ForkedApp.AGENT_PREFIX) && l.contains(needle))
        .map(line -> {
          Matcher m = DB_SPAN.matcher(line);
          assertThat(m.matches()).as("documented db-span format: %s", line).isTrue();
          return new DbSpan(m.group(2), m.group(3), m.group(4).replace("\"\"", "\""), m.group(5), m.group(6));
        }).toList();
  }

  /** Agent lines containing {@code text} and the request ID. */
  static List<String> agentLinesOf(ForkedApp app, String id, String text) {
    return app.lines().stream().filter(l -> l.startsWith(ForkedApp.AGENT_PREFIX)
        && l.contains(text) && l.contains("request_id=" + id + " ")).toList();
  }

  static Predicate<String> serverSpanOf(String id) {
    String needle = " server-span request_id=" + id + " ";
    return line -> line.startsWith(ForkedApp.AGENT_PREFIX) && line.contains(needle);
  }

  /** The jdbc-app launched with the agent; PostgreSQL too when {@code pgUrl} is not null. */
  static ForkedApp.Builder jdbcApp(ForkedApp.Builder builder, String pgUrl) {
    java.nio.file.Path target = Harness.appTarget("jdbc-app");
    if (pgUrl != null) {
      builder.sysProp("pg.url", pgUrl);
    }
    return builder.launch("-cp", target.resolve("app.jar") + java.io.File.pathSeparator
        + target.resolve("lib") + java.io.File.separator + "*", "testapp.jdbc.JdbcApp");
  }

  static String jdkName(String name) {
    return name + "-" + Harness.jdkTag();
  }
}
