package dev.reqtrace.agent;

import dev.reqtrace.agent.config.Config;
import dev.reqtrace.agent.config.Keys;
import dev.reqtrace.agent.record.Recorder;
import dev.reqtrace.agent.record.RequestSink;
import dev.reqtrace.agent.record.RouteNamer;
import dev.reqtrace.agent.report.ErrorReporter;
import dev.reqtrace.agent.report.Reports;
import dev.reqtrace.agent.scrub.Scrubber;
import dev.reqtrace.bootstrap.RequestScope;
import dev.reqtrace.bootstrap.ServletBridges;
import dev.reqtrace.instrumentation.Descriptor;
import dev.reqtrace.instrumentation.jdbc.JdbcInstrumentation;
import dev.reqtrace.instrumentation.servlet.ServletBridgeFactory;
import dev.reqtrace.instrumentation.servlet.ServletInstrumentation;
import dev.reqtrace.instrumentation.servlet.SpringAsyncInstrumentation;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/** Wires the agent once the bootstrap classes are on the boot class path. */
public final class Agent {
  /** The manifest's {@code Boot-Class-Path}: the jar's own name as built. */
  static final String BOOT_CLASS_PATH = "reqtrace-agent.jar";

  private Agent() {}

  /** Called reflectively by {@link AgentPremain}. */
  public static void start(String arguments, Instrumentation instrumentation) {
    long startNanos = System.nanoTime();
    List<String> problems = new ArrayList<>();
    Config config = Config.fromJvm(arguments, problems::add);
    Logger log = AgentLog.configure(config.get(Keys.LOG_LEVEL), config.get(Keys.LOG_FILE));
    for (String problem : problems) {
      log.warn(problem.startsWith("reqtrace: ") ? problem.substring(10) : problem);
    }
    if (AgentPremain.loadedByBootLoader()) {
      log.debug("agent classes loaded from the boot class path (the jar's Boot-Class-Path)");
    } else {
      log.info("agent classes loaded through the application class loader: the JVM did not find"
          + " the jar's Boot-Class-Path, {} next to it (a renamed jar?); tracing is the same,"
          + " start-up takes about 0.1 s longer", BOOT_CLASS_PATH);
    }

    Exporters exporters = Exporters.create(config, log);
    List<RequestSink> sinks = new ArrayList<>(exporters.sinks());
    try {
      sinks.addAll(Reports.create(config, log));
      sinks.add(ErrorReporter.start(config, Scrubber.from(config), log));
    } catch (RuntimeException | Error e) {
      // premain prints "not started": the exporters' threads must not run on behind that line.
      exporters.close(log);
      throw e;
    }
    exporters.closeAtShutdown(log);
    Recorder recorder = new Recorder(new RouteNamer(config.get(Keys.MAX_ROUTES)), log, sinks);
    RequestScope.configure(config.get(Keys.REQUEST_ID_HEADER), recorder);
    // Only OTLP spans show the client's address and user agent: no one else pays for them.
    RequestScope.captureClient(exporters.exportsSpans());
    RequestScope.countActive(exporters.exportsMetrics());
    ServletBridges.install(new ServletBridgeFactory());

    List<Descriptor> enabled = new ArrayList<>();
    for (Descriptor descriptor : allDescriptors()) {
      if (config.instrumentationEnabled(descriptor.name())) {
        enabled.add(descriptor);
      } else {
        log.info("instrumentation {} disabled by configuration", descriptor.name());
      }
    }
    Instrumenter instrumenter = new Instrumenter(log);
    instrumenter.install(instrumentation, enabled);
    instrumenter.startHousekeeping(new AdviceFailureLog(log, Throttle.perMinute()));

    log.info("reqtrace {} started in {} ms: service={}, exporters={}, instrumentations={}",
        version(), (System.nanoTime() - startNanos) / 1_000_000, config.serviceName(),
        String.join(",", config.get(Keys.EXPORTER)), String.join(",", Instrumenter.names(enabled)));
  }

  private static List<Descriptor> allDescriptors() {
    return List.of(ServletInstrumentation.jakarta(), ServletInstrumentation.javax(),
        new SpringAsyncInstrumentation(), new JdbcInstrumentation());
  }

  private static String version() {
    String version = Agent.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
