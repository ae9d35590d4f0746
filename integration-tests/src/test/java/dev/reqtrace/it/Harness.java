package dev.reqtrace.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where the harness finds the module, the JDK to fork and the agent jar. */
public final class Harness {
  private static volatile String forkedJavaVersion;

  private Harness() {}

  /** integration-tests/: failsafe passes it as {@code it.module.dir}, else the working directory. */
  public static Path moduleDir() {
    String dir = System.getProperty("it.module.dir");
    return (dir == null || dir.isBlank() ? Paths.get("") : Paths.get(dir)).toAbsolutePath();
  }

  /** {@code <it.java.home>/bin/java}; by default the JVM running the tests. */
  public static Path javaBinary() {
    String home = System.getProperty("it.java.home");
    if (home == null || home.isBlank() || home.startsWith("${")) {
      home = System.getProperty("java.home");
    }
    Path java = Paths.get(home, "bin", "java");
    if (!Files.isExecutable(java)) {
      throw new IllegalStateException("it.java.home=" + home + " has no bin/java: install that JDK"
          + " (JDK 25 is expected at /usr/lib/jvm/temurin-25-jdk-amd64, property it.jdk25.home)");
    }
    return java;
  }

  /**
   * The built agent, {@code ../agent/target/reqtrace-agent.jar}, or {@code it.agent.jar} (a copy,
   * so a run is not hit by a concurrent rebuild); missing is an error, not a skip.
   */
  public static Path agentJar() {
    String override = System.getProperty("it.agent.jar");
    Path jar = override == null || override.isBlank() || override.startsWith("${")
        ? moduleDir().resolveSibling("agent").resolve("target/reqtrace-agent.jar").normalize()
        : Paths.get(override).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("agent jar not found: " + jar
          + " (build it first: mvn -pl integration-tests -am verify, or mvn -pl agent -am package)");
    }
    return jar;
  }

  /** {@code integration-tests/apps/<dir>/target}; fails when the app was not built. */
  public static Path appTarget(String dir) {
    Path target = moduleDir().resolve("apps").resolve(dir).resolve("target");
    if (!Files.isDirectory(target)) {
      throw new IllegalStateException("test app not built: " + target
          + " (mvn -pl integration-tests -am verify builds the apps before the tests)");
    }
    return target;
  }

  /**
   * This failsafe run's {@code it.jdk.label} in letters and digits only ({@code default} without
   * one), for the names of log files and daemons, which both JDK legs write side by side.
   */
  public static String jdkTag() {
    return System.getProperty("it.jdk.label", "default").replaceAll("[^A-Za-z0-9]+", "");
  }

  /** Which JDK the forked apps run on, for display names: {@code it.jdk.label} or the version. */
  public static String jdkLabel() {
    String label = System.getProperty("it.jdk.label");
    String version = forkedJavaVersion();
    return label == null || label.isBlank() ? version : label + ", " + version;
  }

  /** The feature release of the forked JVM ({@code 17}, {@code 25}), from {@link #forkedJavaVersion()}. */
  public static int forkedJavaFeature() {
    Matcher m = Pattern.compile("version \"(?:1\\.)?(\\d+)")
        .matcher(forkedJavaVersion());
    if (!m.find()) {
      throw new IllegalStateException("no version in: " + forkedJavaVersion());
    }
    return Integer.parseInt(m.group(1));
  }

  /** The first line of {@code java -version} of {@link #javaBinary()}, e.g. {@code openjdk version "25"}. */
  public static String forkedJavaVersion() {
    String version = forkedJavaVersion;
    if (version == null) {
      try {
        Process p = new ProcessBuilder(javaBinary().toString(), "-version")
            .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        version = out.lines().findFirst().orElse("unknown java").trim();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        version = "unknown java";
      }
      forkedJavaVersion = version;
    }
    return version;
  }
}
