package dev.reqtrace.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The demo app, demo-app/target/reqtrace-demo.jar (servlets on Tomcat 11, JDBC on H2): the app with
 * a known number of statements per route ({@code /owners/{id}} runs 1, {@code /owners} 21).
 */
final class DemoJar {
  /** Statements of one {@code GET /owners/{id}}. */
  static final int OWNER_STATEMENTS = 1;
  /** Statements of one {@code GET /owners}: the owners, then the pets of each of 20 owners. */
  static final int OWNERS_STATEMENTS = 21;

  private DemoJar() {}

  /** Forks the demo app on a free loopback port; ready when {@code GET /} answers 200. */
  static ForkedApp start(String name, UnaryOperator<ForkedApp.Builder> options) {
    Path jar = Harness.moduleDir().resolveSibling("demo-app").resolve("target/reqtrace-demo.jar")
        .normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("demo app not built: " + jar
          + " (mvn -q -pl demo-app package, or a full mvn verify)");
    }
    String jdk = Harness.jdkTag();
    int port = TestApp.freePort();
    return options.apply(ForkedApp.builder(name + "-" + jdk))
        .sysProp("port", Integer.toString(port))
        .launch("-jar", jar.toString())
        .readyWhenHttpOk(port, "/")
        .start();
  }
}
