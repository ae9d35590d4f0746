package dev.reqtrace.demo;

import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The pet clinic demo on embedded Tomcat 11. {@code java -jar reqtrace-demo.jar}; port from
 * {@code -Dport} or {@code PORT} (default 8080, 0 = any free port), address from {@code -Dhost}
 * (default 127.0.0.1: a demo should not be reachable from the network by accident).
 */
public final class DemoApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DemoApp.class);

  private final Tomcat tomcat;
  private final Connector connector;
  private final Database database;
  private final Path baseDir;

  private DemoApp(Tomcat tomcat, Connector connector, Database database, Path baseDir) {
    this.tomcat = tomcat;
    this.connector = connector;
    this.database = database;
    this.baseDir = baseDir;
  }

  public static void main(String[] args) throws Exception {
    // Before Tomcat logs anything, so its lines go through Logback with the same pattern.
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();

    String host = System.getProperty("host", "127.0.0.1");
    DemoApp app = start(host, configuredPort());
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "demo-shutdown"));
    String urlHost = host.contains(":") ? "[" + host + "]" : host;
    System.out.println("reqtrace demo listening on http://" + urlHost + ":" + app.port() + "/");
    System.out.flush();
    app.tomcat.getServer().await(); // embedded server has no shutdown port: waits until stopped
  }

  /** Starts the app on host:port (0 = a free port) and returns once it accepts connections. */
  public static DemoApp start(String host, int port) throws Exception {
    Database database = Database.create();
    // Tomcat wants a writable base directory (work files); a temp one keeps the cwd clean.
    Path baseDir = Files.createTempDirectory("reqtrace-demo-");
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector();
    connector.setPort(port);
    connector.setProperty("address", host);
    tomcat.setConnector(connector);

    Path docBase = Files.createDirectory(baseDir.resolve("webroot"));
    StandardContext ctx = (StandardContext) tomcat.addContext("", docBase.toString());
    // The app's classes sit on the JVM class path, not in a webapp loader that could leak on
    // redeploy; these checks would only print --add-opens warnings at shutdown.
    ctx.setClearReferencesThreadLocals(false);
    ctx.setClearReferencesRmiTargets(false);
    OwnerRepository owners = new OwnerRepository(database.dataSource());
    // "" is the Servlet spec's exact match for the context root; "/" is the default servlet.
    add(ctx, "index", new IndexServlet(), "");
    add(ctx, "owners", new OwnersServlet(owners), "/owners");
    add(ctx, "owner", new OwnerServlet(owners), "/owners/*");
    add(ctx, "slow", new SlowServlet(owners), "/slow");
    add(ctx, "fail", new FailServlet(), "/fail", "/api/fail", "/checkout", "/checkout/*");
    add(ctx, "async", new AsyncServlet(), "/async").setAsyncSupported(true);
    add(ctx, "error", new ErrorServlet(), "/error");
    add(ctx, "static", new StaticServlet(), "/");
    errorPage(ctx, Throwable.class.getName(), 0);
    errorPage(ctx, null, 500);
    errorPage(ctx, null, 404);

    DemoApp app = new DemoApp(tomcat, connector, database, baseDir);
    try {
      tomcat.start();
      // Tomcat logs a bind failure and carries on; fail loudly instead of serving nothing.
      if (connector.getState() != LifecycleState.STARTED || connector.getLocalPort() <= 0) {
        throw new IllegalStateException("could not listen on " + host + ":" + port);
      }
    } catch (Exception e) {
      app.close();
      throw e;
    }
    log.info("demo app started on {}:{}", host, app.port());
    return app;
  }

  /** The port actually bound (useful when started on port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    try {
      tomcat.stop();
      tomcat.destroy();
    } catch (LifecycleException e) {
      log.info("Tomcat did not stop cleanly: {}", e.toString());
    }
    database.close();
    deleteRecursively(baseDir);
  }

  private static Wrapper add(Context ctx, String name, HttpServlet servlet, String... patterns) {
    Wrapper wrapper = Tomcat.addServlet(ctx, name, servlet);
    for (String pattern : patterns) {
      ctx.addServletMappingDecoded(pattern, name);
    }
    return wrapper;
  }

  // The web.xml <error-page> equivalent: exceptions and error statuses dispatch to /error.
  private static void errorPage(Context ctx, String exceptionType, int status) {
    ErrorPage page = new ErrorPage();
    if (exceptionType != null) {
      page.setExceptionType(exceptionType);
    } else {
      page.setErrorCode(status);
    }
    page.setLocation("/error");
    ctx.addErrorPage(page);
  }

  static int configuredPort() {
    String value = System.getProperty("port");
    if (value == null || value.isBlank()) {
      value = System.getenv("PORT");
    }
    if (value == null || value.isBlank()) {
      return 8080;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port must be a number, got '" + value + "'", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Only temp files are left behind; not worth failing shutdown for.
    }
  }
}
