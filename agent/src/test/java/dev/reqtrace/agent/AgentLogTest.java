package dev.reqtrace.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

class AgentLogTest {
  @Test
  void slf4jsOwnPropertiesAreLeftAsTheApplicationSetThem() {
    String provider = System.getProperty("slf4j.provider");
    String verbosity = System.getProperty("slf4j.internal.verbosity");
    System.setProperty("slf4j.internal.verbosity", "DEBUG");
    try {
      assertThat(AgentLog.configure("INFO", "")).isNotNull();

      assertThat(System.getProperty("slf4j.provider")).isEqualTo(provider);
      assertThat(System.getProperty("slf4j.internal.verbosity")).isEqualTo("DEBUG");
    } finally {
      if (verbosity == null) {
        System.clearProperty("slf4j.internal.verbosity");
      } else {
        System.setProperty("slf4j.internal.verbosity", verbosity);
      }
    }
  }

  /** In a fresh JVM, as in premain: in this one another test may have set up slf4j-simple first. */
  @Test
  void everyLineStartsWithOurPrefixAndAnIsoTimestamp() throws Exception {
    Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), OneLine.class.getName())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(java.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(java.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(err).matches(
        "\\[reqtrace\\] \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO a line\\R");
  }

  /** The forked JVM of {@link #everyLineStartsWithOurPrefixAndAnIsoTimestamp}. */
  static final class OneLine {
    public static void main(String[] args) {
      AgentLog.configure("INFO", "").info("a line");
    }
  }

  /**
   * The agent's shutdown hooks (error-storm summaries, exporters closing) log while the JVM exits:
   * their lines come out although the log is written by a daemon thread, and so do the lines
   * still queued (a slow stderr, 50 ms a write, keeps most of them queued when main returns).
   * The same lines go to {@code reqtrace.log.file}.
   */
  @Test
  void linesOfShutdownHooksComeOutOnStderrAndInTheLogFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("agent.log");
    Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), AtShutdown.class.getName(), file.toString())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(java.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(java.waitFor(30, TimeUnit.SECONDS)).isTrue();

    List<String> lines = err.lines().collect(Collectors.toList());
    assertThat(lines).hasSize(AtShutdown.LINES + 2);
    assertThat(lines).allMatch(l -> l.startsWith("[reqtrace] "));
    assertThat(lines.get(0)).endsWith(" INFO line 0");
    assertThat(lines.get(AtShutdown.LINES - 1)).endsWith(" INFO line " + (AtShutdown.LINES - 1));
    assertThat(lines.get(AtShutdown.LINES)).endsWith(" ERROR from a shutdown hook");
    assertThat(lines.get(AtShutdown.LINES + 1)).isEqualTo("[reqtrace]   its second line");
    assertThat(Files.readString(file)).isEqualTo(err);
  }

  /** The forked JVM of {@link #linesOfShutdownHooksComeOutOnStderrAndInTheLogFile}. */
  static final class AtShutdown {
    static final int LINES = 500;

    public static void main(String[] args) {
      PrintStream stderr = System.err;
      System.setErr(new PrintStream(new OutputStream() {
        @Override
        public void write(int b) {
          stderr.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          stderr.write(b, off, len);
        }
      }, true, StandardCharsets.UTF_8));
      Logger log = AgentLog.configure("INFO", args[0]);
      Runtime.getRuntime().addShutdownHook(new Thread(() ->
          log.error("from a shutdown hook" + System.lineSeparator() + "[reqtrace]   its second line")));
      for (int i = 0; i < LINES; i++) {
        log.info("line {}", i);
      }
    }
  }
}
