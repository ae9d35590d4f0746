package dev.reqtrace.agent.otlp;

import dev.reqtrace.agent.AgentLog;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps the OpenTelemetry SDK's java.util.logging output out of the application's log. The SDK
 * logs export failures (with stack traces) to loggers named after its classes; in the agent jar
 * those names are relocated ({@code dev.reqtrace.shaded.opentelemetry...}), so the root of them is
 * derived from a class rather than written down. Their records go to the agent log at DEBUG,
 * without stack traces; the WARN lines come from {@link OtlpFailures}, throttled.
 */
final class SdkLogBridge extends Handler {
  /** Held strongly: java.util.logging keeps loggers weakly, and a collected one forgets its settings. */
  private static volatile Logger root;

  private final org.slf4j.Logger log = AgentLog.logger();

  private SdkLogBridge() {}

  /** The relocated (or, in unit tests, original) logger name the SDK's loggers descend from. */
  static String rootName() {
    String name = SpanExporter.class.getName();
    return name.substring(0, name.indexOf(".opentelemetry.") + ".opentelemetry".length());
  }

  /** Detaches the SDK's loggers from the application's handlers; idempotent, cheap to repeat. */
  static void install() {
    Logger logger = root;
    if (logger == null) {
      logger = Logger.getLogger(rootName());
      root = logger;
    }
    // LogManager.reset() (an application re-reading logging.properties) drops handlers: re-assert.
    if (logger.getUseParentHandlers() || logger.getHandlers().length == 0) {
      logger.setUseParentHandlers(false);
      for (Handler handler : logger.getHandlers()) {
        logger.removeHandler(handler);
      }
      logger.addHandler(new SdkLogBridge());
    }
    if (logger.getLevel() == null || logger.getLevel().intValue() < Level.INFO.intValue()) {
      logger.setLevel(Level.INFO);
    }
  }

  @Override
  public void publish(LogRecord record) {
    if (record == null || !log.isDebugEnabled()) {
      return;
    }
    Throwable thrown = record.getThrown();
    String message = record.getMessage();
    log.debug("otel sdk {}: {}{}", record.getLevel(), message == null ? "" : message.replace('\n', ' '),
        thrown == null ? "" : " (" + thrown + ")");
  }

  @Override
  public void flush() {
  }

  @Override
  public void close() {
  }
}
