package dev.reqtrace.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintConfigTest {

  @Test
  void tableHasAHeaderAndOneRowPerKey() {
    String[] lines = PrintConfig.markdownTable().split("\n");
    assertThat(lines[0]).isEqualTo("| key | environment | default | meaning |");
    assertThat(lines[1]).isEqualTo("|---|---|---|---|");
    assertThat(lines).hasSize(2 + Keys.all().size());
    assertThat(lines).contains("| `reqtrace.slow.threshold` | `REQTRACE_SLOW_THRESHOLD` | `1s` | Requests at least"
        + " this long get a WARN report, the slow flag and a slow count; at most `24h`, and `0` turns all three off. |");
  }

  @Test
  void tableIncludesGeneratedInstrumentationRows() {
    assertThat(PrintConfig.markdownTable()).contains("| `reqtrace.instrumentation.jdbc.enabled`"
        + " | `REQTRACE_INSTRUMENTATION_JDBC_ENABLED` | `true` | `false` leaves the jdbc instrumentation out:"
        + " its classes are not transformed. |\n");
  }

  @Test
  void emptyDefaultIsAnEmptyCellAndPipesAreEscaped() {
    assertThat(PrintConfig.markdownTable())
        .contains("| `reqtrace.log.file` | `REQTRACE_LOG_FILE` |  | File that")
        .contains("(tags after `\\|#`)");
  }

  @Test
  void refreshReplacesOnlyTheMarkedBlock() {
    String readme = "# reqtrace\n\nintro\n" + PrintConfig.START_MARKER + "\n| old |\n" + PrintConfig.END_MARKER
        + "\n\n## Next\n";
    assertThat(PrintConfig.withTable(readme)).isEqualTo("# reqtrace\n\nintro\n" + PrintConfig.START_MARKER + "\n"
        + PrintConfig.markdownTable() + PrintConfig.END_MARKER + "\n\n## Next\n");
  }

  @Test
  void refreshAppendsAConfigurationSectionWhenMarkersAreMissing() {
    assertThat(PrintConfig.withTable("# reqtrace\nintro")).isEqualTo("# reqtrace\nintro\n\n## Configuration\n\n"
        + PrintConfig.START_MARKER + "\n" + PrintConfig.markdownTable() + PrintConfig.END_MARKER + "\n");
  }

  @Test
  void refreshOfAnUpToDateReadmeChangesNothing() {
    String once = PrintConfig.withTable("# reqtrace\n");
    assertThat(PrintConfig.withTable(once)).isEqualTo(once);
  }
}
