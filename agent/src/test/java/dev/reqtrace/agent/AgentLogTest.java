package dev.reqtrace.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AgentLogTest {
  @Test
  void slf4jsOwnPropertiesAreLeftAsTheApplicationSetThem() {
    String provider = System.getProperty("slf4j.provider");
    String verbosity = System.getProperty("slf4j.internal.verbosity");
    System.setProperty("slf4j.internal.verbosity", "DEBUG");
    try {
      assertThat(AgentLog.configure("INFO")).isNotNull();

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
      AgentLog.configure("INFO").info("a line");
    }
  }
}
