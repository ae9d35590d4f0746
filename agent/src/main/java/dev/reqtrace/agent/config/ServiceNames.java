package dev.reqtrace.agent.config;

import java.util.Map;

/** Derives a service name from {@code sun.java.command} when none is configured. */
final class ServiceNames {
  private ServiceNames() {}

  /** OpenTelemetry's name for a service nobody named. */
  static final String UNKNOWN = "unknown_service:java";

  /** Launchers whose own name says nothing about the application they start. */
  private static final Map<String, String> LAUNCHERS = Map.of(
      "org.apache.catalina.startup.Bootstrap", "tomcat",
      "start.jar", "jetty");

  /**
   * The main jar's file name without {@code .jar} and version ({@code /srv/shop-2.3.1.jar} gives
   * {@code shop}, stable across releases), else the main class's simple name, else
   * {@value #UNKNOWN}.
   */
  static String fromJavaCommand(String javaCommand) {
    String main = javaCommand == null ? "" : javaCommand.trim().split("\\s+", 2)[0];
    if (main.isEmpty()) {
      return UNKNOWN;
    }
    if (main.endsWith(".jar")) {
      String file = main.substring(Math.max(main.lastIndexOf('/'), main.lastIndexOf('\\')) + 1);
      String launcher = LAUNCHERS.get(file);
      if (launcher != null) {
        return launcher;
      }
      String name = file.substring(0, file.length() - ".jar".length()).replaceFirst("-\\d.*$", "");
      return name.isEmpty() ? UNKNOWN : name;
    }
    String launcher = LAUNCHERS.get(main);
    return launcher != null ? launcher : main.substring(main.lastIndexOf('.') + 1);
  }
}
