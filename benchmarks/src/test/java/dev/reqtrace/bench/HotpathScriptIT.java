package dev.reqtrace.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code benchmarks/hotpath-ab.sh}, as README.md gives it, for one round: the hot-path benchmark
 * forks with and without the agent jar attached, and the script's table of CPU and allocation per
 * request. One round's figures mean nothing; that the benchmark jar, its forks with the agent and
 * the script still work together is what is checked, since nothing else in the build runs them.
 */
class HotpathScriptIT {
  /** A table figure: optional sign, digits with thousands commas. */
  private static final String FIGURE = "[+-]?[0-9][0-9,]*";

  @Test
  void oneRoundPrintsCpuAndAllocationOfBothVariants() throws Exception {
    Path module = Paths.get(System.getProperty("bench.module.dir", "")).toAbsolutePath();
    Path out = module.resolve("target/hotpath-smoke");
    Path log = Files.createDirectories(module.resolve("target")).resolve("hotpath-smoke.log");
    ProcessBuilder builder = new ProcessBuilder("bash", "benchmarks/hotpath-ab.sh")
        .directory(module.getParent().toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("ROUNDS", "1");
    builder.environment().put("OUT", out.toString());
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      throw new AssertionError("hotpath-ab.sh did not finish in 5 minutes:\n" + tail(log));
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("hotpath-ab.sh failed:\n" + tail(log)).isZero();
    assertThat(output).containsPattern("(?m)^\\| 1 \\| " + FIGURE + " \\| " + FIGURE + " \\| "
        + FIGURE + " \\| " + FIGURE + " \\| " + FIGURE + " \\| " + FIGURE + " \\|$");
    assertThat(output).containsPattern("(?m)^\\| median \\| " + FIGURE + " \\| " + FIGURE + " \\| "
        + FIGURE + " \\(of the rounds' differences\\) \\| " + FIGURE + " \\| " + FIGURE + " \\| "
        + FIGURE + " \\|$");
  }

  private static String tail(Path log) throws java.io.IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
