package dev.reqtrace.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The demo app (demo-app/target/reqtrace-demo.jar: servlets on Tomcat 11, JDBC on H2) for the OTLP
 * tests: {@code GET /owners/{id}} runs one SELECT, {@code /owners/{id}/pets} one SELECT,
 * {@code /fail} throws.
 */
final class OtlpDemoApp {
  private OtlpDemoApp() {}

  static Path jar() {
    Path jar = Harness.moduleDir().resolveSibling("demo-app").resolve("target/reqtrace-demo.jar")
        .normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("demo app not built: " + jar + " (mvn -q -pl demo-app package)");
    }
    return jar;
  }

  /** Forks the demo jar on a free loopback port; ready when {@code GET /} answers 200. */
  static ForkedApp start(String name, UnaryOperator<ForkedApp.Builder> options) {
    return start(name, options, List.of("-jar", jar().toString()));
  }

  /** Forks with {@code launch} (e.g. {@code -cp ... Main}) instead of {@code -jar}. */
  static ForkedApp start(String name, UnaryOperator<ForkedApp.Builder> options, List<String> launch) {
    int port = TestApp.freePort();
    return options.apply(ForkedApp.builder(name + "-" + jdk()))
        .sysProp("port", Integer.toString(port))
        .launch(launch.toArray(new String[0]))
        .readyWhenHttpOk(port, "/")
        .start();
  }

  /** The JDK label of this failsafe run, for log file names (as TestApp names them). */
  static String jdk() {
    return Harness.jdkTag();
  }

  /** Lines of the forked JVM that are not the agent's and mention OpenTelemetry: must be none. */
  static List<String> openTelemetryLinesInAppLog(ForkedApp app) {
    return app.lines().stream()
        .filter(l -> !l.startsWith(ForkedApp.AGENT_PREFIX))
        .filter(l -> l.toLowerCase(java.util.Locale.ROOT).contains("opentelemetry")
            || l.contains("dev.reqtrace.shaded"))
        .toList();
  }
}
