package dev.reqtrace.agent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code java -jar reqtrace-agent.jar} prints every key as a Markdown table;
 * {@code --readme README.md} refreshes the copy of that table in the README instead.
 */
public final class PrintConfig {
  private PrintConfig() {}

  /** Line before the README copy of the table. */
  public static final String START_MARKER = "<!-- config-table:start -->";
  /** Line after the README copy of the table. */
  public static final String END_MARKER = "<!-- config-table:end -->";
  /** How to bring the README copy up to date, for messages. */
  public static final String REGENERATE = "mvn -q -pl agent -am compile"
      + " && java -cp agent/target/classes dev.reqtrace.agent.config.PrintConfig --readme README.md";

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.out.print("Precedence, first hit wins: agent arguments > -Dreqtrace.* > REQTRACE_* environment"
          + " > OTEL_* aliases > file named by reqtrace.config > default.\n\n" + markdownTable());
    } else if (args.length == 2 && args[0].equals("--readme")) {
      Path readme = Path.of(args[1]);
      String before = Files.exists(readme) ? Files.readString(readme, StandardCharsets.UTF_8) : "";
      String after = withTable(before);
      if (after.equals(before)) {
        System.out.println(readme + ": configuration table is up to date");
      } else {
        Files.writeString(readme, after, StandardCharsets.UTF_8);
        System.out.println(readme + ": configuration table refreshed");
      }
    } else {
      System.err.println("usage: java -jar reqtrace-agent.jar [--readme README.md]");
      System.exit(2);
    }
  }

  /** One row per key of {@link Keys#all()}: key, environment variable, default, meaning. */
  public static String markdownTable() {
    StringBuilder table = new StringBuilder("| key | environment | default | meaning |\n|---|---|---|---|\n");
    for (Key<?> key : Keys.all()) {
      table.append("| ").append(code(key.name()))
          .append(" | ").append(code(key.envName()))
          .append(" | ").append(key.defaultText().isEmpty() ? "" : code(key.defaultText()))
          .append(" | ").append(cell(key.meaning()))
          .append(" |\n");
    }
    return table.toString();
  }

  /**
   * {@code readme} with the text between the markers replaced by the current table; without
   * markers, a {@code ## Configuration} section holding them is appended.
   */
  static String withTable(String readme) {
    String text = readme.replace("\r\n", "\n");
    String block = START_MARKER + "\n" + markdownTable() + END_MARKER;
    int start = text.indexOf(START_MARKER);
    int end = text.indexOf(END_MARKER, Math.max(start, 0));
    if (start >= 0 && end >= 0) {
      return text.substring(0, start) + block + text.substring(end + END_MARKER.length());
    }
    String head = text.isEmpty() ? "# reqtrace\n" : text.endsWith("\n") ? text : text + "\n";
    return head + "\n## Configuration\n\n" + block + "\n";
  }

  private static String code(String text) {
    return "`" + cell(text) + "`";
  }

  /** A '|' would end the cell, even inside a code span (GitHub Flavored Markdown). */
  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}
