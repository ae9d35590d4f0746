package dev.reqtrace.agent;

import dev.reqtrace.agent.config.Config;
import dev.reqtrace.agent.config.Keys;
import dev.reqtrace.agent.otlp.OtlpExporter;
import dev.reqtrace.agent.record.RequestSink;
import dev.reqtrace.agent.statsd.StatsdExporter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * Builds the exporters named by {@code reqtrace.exporter} and closes them at JVM shutdown, each
 * with a bounded wait so a dead collector never holds the application's exit.
 */
final class Exporters {
  private final List<RequestSink> sinks = new ArrayList<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private boolean spans;
  private boolean metrics;

  private Exporters() {}

  /** The exporters of {@code config}; one that cannot start is logged once and left out. */
  static Exporters create(Config config, Logger log) {
    Exporters exporters = new Exporters();
    for (String name : config.get(Keys.EXPORTER)) {
      try {
        exporters.add(name, config, log);
      } catch (RuntimeException | LinkageError e) {
        log.warn("exporter {} not started: {}", name, e.toString());
      }
    }
    return exporters;
  }

  private void add(String name, Config config, Logger log) {
    switch (name) {
      case "log":
      case "none":
        // Reports and the periodic summary go to the agent log whatever the exporters are.
        break;
      case "statsd":
        StatsdExporter statsd = StatsdExporter.start(config, log);
        sinks.add(statsd);
        closeables.add(statsd);
        metrics = true;
        break;
      case "otlp":
        // Named only here: with otlp off, no OpenTelemetry class is loaded.
        OtlpExporter otlp = OtlpExporter.start(config, log);
        sinks.add(otlp);
        closeables.add(otlp);
        spans = true;
        metrics = true;
        break;
      default:
        log.warn("exporter {} is not available in this build", name);
    }
  }

  /** Whether a started exporter sends metrics, the {@code http_request.active} gauge among them. */
  boolean exportsMetrics() {
    return metrics;
  }

  /** Whether a started exporter sends server spans (OTLP). */
  boolean exportsSpans() {
    return spans;
  }

  /** The request sinks of the started exporters. */
  List<RequestSink> sinks() {
    return sinks;
  }

  /** Closes every exporter from a shutdown hook (thread {@code reqtrace-shutdown}). */
  void closeAtShutdown(Logger log) {
    if (closeables.isEmpty()) {
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> close(log), "reqtrace-shutdown"));
  }

  /** Closes every exporter now, each with its bounded wait. */
  void close(Logger log) {
    for (AutoCloseable closeable : closeables) {
      try {
        closeable.close();
      } catch (Exception e) {
        log.debug("closing {} failed: {}", closeable, e.toString());
      }
    }
  }
}
