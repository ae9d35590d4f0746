package dev.reqtrace.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table is the one {@code java -jar reqtrace-agent.jar} prints. */
class ReadmeConfigTableTest {
  /** Surefire runs in the module directory, agent/. */
  private static final Path README = Path.of("..", "README.md");

  private static final String HOW = "regenerate the table from the repository root with: " + PrintConfig.REGENERATE;

  @Test
  void readmeTableMatchesTheKeys() throws IOException {
    if (!Files.exists(README)) {
      fail(README.toAbsolutePath().normalize() + " is missing; " + HOW);
    }
    String text = Files.readString(README, StandardCharsets.UTF_8).replace("\r\n", "\n");
    int start = text.indexOf(PrintConfig.START_MARKER);
    int end = text.indexOf(PrintConfig.END_MARKER, Math.max(start, 0));
    if (start < 0 || end < 0) {
      fail("README.md has no " + PrintConfig.START_MARKER + " ... " + PrintConfig.END_MARKER + " block; " + HOW);
    }
    String block = text.substring(start + PrintConfig.START_MARKER.length(), end).trim();
    assertThat(block).as("README.md configuration table differs from Keys; " + HOW).isEqualTo(PrintConfig.markdownTable().trim());
  }
}
