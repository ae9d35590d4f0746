package dev.reqtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * DESIGN "Configuration": a bad value is reported in one clear line, its default used, and the app
 * still starts; unparseable agent arguments are ignored with a line saying so; a
 * {@code reqtrace.log.file} gets the agent log too, or one line says why not. One container is
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

  /** {@code reqtrace.log.file}: the agent log's lines also land in that file, appended. */
  @Test
  void logFileGetsTheAgentLogToo() throws Exception {
    Path dir = Files.createTempDirectory("reqtrace-log-file-");
    Path file = dir.resolve("agent.log");
    Files.writeString(file, "kept\n");
    try (ForkedApp app = TestApp.JETTY12.start("AgentStartupIT-log-file", b -> b
        .sysProp("reqtrace.log.file", file.toString()))) {
      String started = app.awaitLine(l -> isAgentLine(l) && l.contains(" started in "), LOG_WAIT);
      assertThat(new Http(app.port()).get("/hello").status()).isEqualTo(200);

      // The writer thread prints to stderr first, then appends the same text to the file.
      long deadline = System.nanoTime() + LOG_WAIT.toNanos();
      while (!Files.readAllLines(file).contains(started) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      List<String> lines = Files.readAllLines(file);
      assertThat(lines).contains(started);
      assertThat(lines.get(0)).isEqualTo("kept");
      assertThat(lines.subList(1, lines.size())).allMatch(l -> l.startsWith(ForkedApp.AGENT_PREFIX));
      app.assertNoUnexpectedAgentProblems();
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  @Test
  void logFileThatCannotBeOpenedIsReportedAndTheAppStillServes() throws Exception {
    Path dir = Files.createTempDirectory("reqtrace-log-file-");
    Path file = dir.resolve("no-such-directory").resolve("agent.log");
    try (ForkedApp app = TestApp.JETTY12.start("AgentStartupIT-log-file-missing-dir", b -> b
        .sysProp("reqtrace.log.file", file.toString())
        .expectAgentProblem("WARN agent log file .* not opened"))) {
      String line = app.awaitLine(l -> isAgentLine(l) && l.contains("agent log file"), LOG_WAIT);
      assertThat(new Http(app.port()).get("/hello").status()).isEqualTo(200);
      app.awaitLine(l -> isAgentLine(l) && l.contains(" started in "), LOG_WAIT);

      assertThat(line).matches("^\\[reqtrace] \\S+ WARN agent log file \\Q" + file
          + "\\E not opened, logging to stderr only: java.io.FileNotFoundException: .*");
      assertThat(app.lines()).filteredOn(l -> l.contains("agent log file")).containsExactly(line);
      assertThat(file.getParent()).doesNotExist();
      app.assertNoUnexpectedAgentProblems();
    } finally {
      Files.deleteIfExists(dir);
    }
  }

  /** {@code [reqtrace] ...}, or the pre-logging {@code reqtrace: ...} form of STYLE §5. */
  private static boolean isAgentLine(String line) {
    return line.startsWith(ForkedApp.AGENT_PREFIX) || line.startsWith("reqtrace:");
  }
}
