package dev.reqtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The overhead instruments of benchmarks/overhead, run as README.md tells a reader to, only shorter
 * (one round, seconds instead of minutes): each must still start every configuration, load it with
 * wrk and print its table; the profiling ones fetch async-profiler from Maven Central themselves.
 * The figures of so short a run mean nothing; that the scripts work on a fresh machine, with the
 * JDK of this leg first on the PATH, is what is checked. They rot otherwise: nothing else runs
 * them.
 */
class OverheadScriptsIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(6);
  private static final String DEMO_PATHS = "/owners/1,/owners";
  /** A table row's figure: digits with thousands commas and a decimal part. */
  private static final String NUMBER = "[0-9][0-9,]*(?:\\.[0-9]+)?";

  private final Path root = Harness.moduleDir().getParent();
  private final String jdk = Harness.jdkTag();

  @Test
  void harnessMeasuresEveryConfigurationAndItsExportersReceive() throws Exception {
    Path out = Harness.moduleDir().resolve("target/overhead-smoke-" + jdk + ".md");
    Files.deleteIfExists(out);
    run("run.sh", Map.of(), "benchmarks/overhead/run.sh", "--app", demoJar().toString(),
        "--name", "smoke-" + jdk, "--paths", DEMO_PATHS, "--rounds", "1", "--warmup", "1",
        "--duration", "2", "--agent", Harness.agentJar().toString(), "--out", out.toString());

    String report = Files.readString(out);
    for (String config : List.of("none", "reqtrace-none", "reqtrace-statsd", "reqtrace-otlp",
        "otel-none", "otel-otlp")) {
      // Start-up, CPU, RSS, heap, CPU per request, throughput: figures, not blanks or errors.
      assertThat(report).as(config + "'s row in\n" + report).containsPattern(
          "(?m)^\\| `" + Pattern.quote(config) + "` \\| 1 \\| " + NUMBER + " .*\\| " + NUMBER
              + " .*\\|$");
    }
    assertThat(count(report, "`reqtrace-statsd`: statsd daemon: (\\d+) metrics received"))
        .as("metrics the StatsD daemon received, in\n" + report).isPositive();
    assertThat(count(report, "`reqtrace-otlp`: OTLP receiver: (\\d+) spans"))
        .as("spans the OTLP receiver decoded, in\n" + report).isPositive();
    assertThat(count(report, "`otel-otlp`: OTLP receiver: (\\d+) spans"))
        .as("the OpenTelemetry agent's spans, in\n" + report).isPositive();
    assertThat(report).contains("| throughput ≥ 97% of none |");
    // RSS both ways: after GC.run (the target's figure) and under load (G1's sizing shows there).
    assertThat(report).containsPattern("(?m)^\\| RSS overhead ≤ 20 MB \\| [+−]" + NUMBER
        + " MB after `GC\\.run`, .*; under load [+−]" + NUMBER + " MB \\| (yes|no) \\|$");
  }

  @Test
  void sideBySidePairComparesTheAgentWithNoneAndItsProfilesSplitTheCpu() throws Exception {
    Path profiles = Harness.moduleDir().resolve("target/overhead-pair-profiles-" + jdk);
    String output = run("pair-ab.sh", Map.of("ROUNDS", "1", "WARM", "2", "MEAS", "2",
        "PROFILE", profiles.toString()),
        "benchmarks/overhead/pair-ab.sh", "none=-Xmx256m", "agent=-Xmx256m " + agentOption());
    assertThat(output).containsPattern(
        "(?m)^\\| median \\| " + NUMBER + " \\| " + NUMBER + " \\| [+−-]" + NUMBER + " \\("
            + NUMBER + "%\\) \\|$");
    // async-profiler, fetched from Maven Central by async-profiler.sh, sampled both JVMs.
    String split = run("profile-split.py", Map.of(), "-c",
        "python3 benchmarks/overhead/profile-split.py \"$1/none-1\" \"$1/agent-1\"", "split",
        profiles.toString());
    assertThat(split).containsPattern("(?m)^agent +0\\.0 +" + NUMBER + "$");
    assertThat(split).containsPattern("(?m)^total +" + NUMBER + " +" + NUMBER + "$");
  }

  @Test
  void steadyStateProfilesRotateTheConfigurations() throws Exception {
    String output = run("steady-ab.sh", Map.of("ROUNDS", "1", "WARM", "2", "MEAS", "2",
        "OUT", Harness.moduleDir().resolve("target/overhead-steady-" + jdk).toString()),
        "benchmarks/overhead/steady-ab.sh", "none=-Xmx256m", "agent=-Xmx256m " + agentOption());
    for (String config : List.of("none", "agent")) {
      assertThat(output).containsPattern(
          "(?m)^\\| `" + config + "` \\| " + NUMBER + " \\[" + NUMBER + "–" + NUMBER + "\\] \\| "
              + NUMBER + " \\|$");
    }
  }

  @Test
  void startUpPairSplitsTheAgentsCpu() throws Exception {
    String output = run("startup-ab.sh", Map.of("ROUNDS", "1"),
        "benchmarks/overhead/startup-ab.sh", "none=", "agent=" + agentOption());
    // configuration, runs, then wall, JVM, main thread and JIT ms, each with its difference.
    assertThat(output).containsPattern("(?m)^agent +1 +(?:[0-9]+ \\( *[+-][0-9]+\\) *){4}$");
  }

  @Test
  void perThreadSplitNamesTheRequestThreads() throws Exception {
    String output = run("threads-ab.sh", Map.of("ROUNDS", "1", "WARM", "2", "MEAS", "2"),
        "benchmarks/overhead/threads-ab.sh", "none=", "agent=" + agentOption());
    assertThat(output).containsPattern("(?m)^round 1 agent: [0-9]+ req/s$");
    assertThat(output).containsPattern("(?m)^ +http-nio-N\\.N\\. +" + NUMBER + " µs/request$");
  }

  @Test
  void loggingContextLoopComparesAgentJarsAloneAndAsTheJavaagent() throws Exception {
    for (String javaagent : new String[] {"0", "1"}) {
      String output = run("mdc-loop.sh", Map.of("AGENT", javaagent, "ROUNDS", "1", "MEASURED", "1",
          "PER_ROUND", "20000"), "benchmarks/overhead/mdc-loop.sh", "agent=" + Harness.agentJar());
      // agent, runs, the median CPU ns, the runs' range, the bytes per request.
      assertThat(output).as("AGENT=" + javaagent)
          .containsPattern("(?m)^agent +1 +" + NUMBER + " +[0-9]+-[0-9]+ +[0-9]+$");
    }
  }

  private String agentOption() {
    return "-javaagent:" + Harness.agentJar() + "=exporter=none";
  }

  private Path demoJar() {
    Path jar = root.resolve("demo-app/target/reqtrace-demo.jar");
    assertThat(jar).as("the demo app, built before this module").isRegularFile();
    return jar;
  }

  /**
   * Runs a script from the repository root with this leg's JDK first on the PATH; its output goes
   * to target/it-logs and is returned. A non-zero exit or a time-out fails the test with the log's
   * end.
   */
  private String run(String name, Map<String, String> env, String... command)
      throws IOException, InterruptedException {
    Path logs = Files.createDirectories(Harness.moduleDir().resolve("target/it-logs"));
    Path log = logs.resolve("OverheadScriptsIT-" + name + "-" + jdk + ".log");
    List<String> argv = new ArrayList<>();
    argv.add("bash");
    argv.addAll(List.of(command));
    ProcessBuilder builder = new ProcessBuilder(argv).directory(root.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    Path javaBin = Harness.javaBinary().getParent();
    builder.environment().put("PATH", javaBin + ":" + System.getenv("PATH"));
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
      throw new AssertionError(name + " did not finish in " + TIMEOUT + ":\n" + tail(log));
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(name + " failed:\n" + tail(log)).isZero();
    return output;
  }

  private static long count(String report, String regex) {
    Matcher m = Pattern.compile(regex).matcher(report);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
