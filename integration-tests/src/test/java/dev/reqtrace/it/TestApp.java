package dev.reqtrace.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The container apps of integration-tests/apps and how to fork each. The servlet apps serve every
 * endpoint of {@code testapp.Endpoints}; Spring Boot serves its own set.
 */
public enum TestApp {
  JETTY12("jetty12", "testapp.jetty12.Jetty12Main"),
  TOMCAT11("tomcat11", "testapp.tomcat.TomcatMain"),
  TOMCAT9("tomcat9", "testapp.tomcat.TomcatMain"),
  JETTY94("jetty94", "testapp.jetty94.Jetty94Main"),
  /** Spring Boot 3 fat jar (Tomcat 10.1). */
  SPRINGBOOT("springboot", null),
  /** Spring Boot 3 JPA fat jar: /parents, /parents/{id}. */
  SPRINGBOOT_JPA("springboot-jpa", null),
  /** Spring Boot 4 fat jar (Tomcat 11): the MVC endpoints of SPRINGBOOT and those of SPRINGBOOT_JPA. */
  SPRINGBOOT4("springboot4", null),
  /** ROOT.war in a standalone Tomcat 9: logging jars in the webapp class loader. */
  WAR_TOMCAT9("war", null) {
    @Override
    ForkedApp.Builder configure(ForkedApp.Builder builder) {
      Path home = tomcatHome();
      Path base = catalinaBase(home);
      int port = freePort();
      return builder
          .sysProp("catalina.home", home.toString())
          .sysProp("catalina.base", base.toString())
          .sysProp("java.io.tmpdir", base.resolve("temp").toString())
          .sysProp("port.http", Integer.toString(port))
          .launch("-cp", home.resolve("bin/bootstrap.jar") + java.io.File.pathSeparator
                  + home.resolve("bin/tomcat-juli.jar"),
              "org.apache.catalina.startup.Bootstrap", "start")
          .readyWhenHttpOk(port, "/hello?n=ready")
          .onClose(() -> deleteTree(base));
    }
  };

  /** Endpoints of every servlet app. */
  private static final Set<String> SERVLET_ENDPOINTS = Set.of("/hello", "/boom", "/missing",
      "/async", "/async-dispatch", "/stream", "/super", "/chain", "/attr", "/forward", "/spawn",
      "/error-page");
  /** Endpoints of the Spring Boot apps; their error page is at Boot's {@code /error}. */
  private static final Set<String> BOOT_ENDPOINTS = Set.of("/hello", "/boom", "/missing",
      "/stream", "/chain", "/attr", "/forward", "/spawn", "/deferred", "/callable", "/at-async",
      "/simple-async", "/error-page");
  /** Endpoints of the Spring Boot 3 JPA app. */
  private static final Set<String> JPA_ENDPOINTS = Set.of("/parents");
  /** The Spring Boot 4 app serves both sets. */
  private static final Set<String> BOOT4_ENDPOINTS = Stream.concat(BOOT_ENDPOINTS.stream(),
      JPA_ENDPOINTS.stream()).collect(Collectors.toUnmodifiableSet());

  private final String dir;
  private final String mainClass;

  TestApp(String dir, String mainClass) {
    this.dir = dir;
    this.mainClass = mainClass;
  }

  /** Whether this app serves {@code path}; {@code /error-page}: whether it maps an error page. */
  public boolean has(String path) {
    Set<String> endpoints = switch (this) {
      case SPRINGBOOT -> BOOT_ENDPOINTS;
      case SPRINGBOOT_JPA -> JPA_ENDPOINTS;
      case SPRINGBOOT4 -> BOOT4_ENDPOINTS;
      default -> SERVLET_ENDPOINTS;
    };
    return endpoints.contains(path);
  }

  /** Whether this is one of the Spring Boot fat jars (Spring MVC routes, Spring's error page). */
  public boolean isSpringBoot() {
    return this == SPRINGBOOT || this == SPRINGBOOT_JPA || this == SPRINGBOOT4;
  }

  /**
   * Forks this app with the agent; {@code name} names its log file
   * (target/it-logs/&lt;name&gt;.log), {@code options} adds JVM options and expectations.
   */
  public ForkedApp start(String name, UnaryOperator<ForkedApp.Builder> options) {
    String jdk = Harness.jdkTag();
    ForkedApp.Builder builder = ForkedApp.builder(name + "-" + jdk);
    return configure(options.apply(builder)).start();
  }

  /**
   * The launch part of the command: class path and main class for the launcher apps, and
   * {@code java -jar target/app.jar} for the Spring Boot fat jars, which start their own container.
   */
  ForkedApp.Builder configure(ForkedApp.Builder builder) {
    Path target = Harness.appTarget(dir);
    if (isSpringBoot()) {
      return builder.launch("-jar", target.resolve("app.jar").toString());
    }
    String classpath = target.resolve("app.jar") + java.io.File.pathSeparator
        + target.resolve("lib") + java.io.File.separator + "*";
    return builder.launch("-cp", classpath, mainClass);
  }

  static Path tomcatHome() {
    Path unpacked = Harness.appTarget("war").resolve("tomcat");
    try (DirectoryStream<Path> homes = Files.newDirectoryStream(unpacked, "apache-tomcat-*")) {
      for (Path home : homes) {
        return home;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("no standalone Tomcat unpacked under " + unpacked);
  }

  /**
   * A fresh catalina.base: the distribution's conf (default servlet, MIME types) with our
   * server.xml (loopback connector on ${port.http}, 64 KB header limit, no shutdown port) and
   * webapps/ROOT.war.
   */
  static Path catalinaBase(Path home) {
    try {
      Path base = Files.createTempDirectory("reqtrace-it-catalina-base");
      Path conf = Files.createDirectories(base.resolve("conf"));
      for (String file : new String[] {"web.xml", "catalina.properties", "context.xml"}) {
        Files.copy(home.resolve("conf").resolve(file), conf.resolve(file));
      }
      Files.writeString(conf.resolve("server.xml"), """
          <?xml version="1.0" encoding="UTF-8"?>
          <Server port="-1" shutdown="SHUTDOWN">
            <Service name="Catalina">
              <Connector address="127.0.0.1" port="${port.http}" protocol="HTTP/1.1"
                         maxHttpHeaderSize="65536"/>
              <Engine name="Catalina" defaultHost="localhost">
                <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="false"/>
              </Engine>
            </Service>
          </Server>
          """);
      for (String d : new String[] {"webapps", "logs", "temp", "work"}) {
        Files.createDirectories(base.resolve(d));
      }
      Files.copy(Harness.appTarget("war").resolve("ROOT.war"), base.resolve("webapps/ROOT.war"));
      return base;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A port free right now on loopback (the stock Tomcat cannot report a port-0 choice). */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory; best effort
    }
  }
}
