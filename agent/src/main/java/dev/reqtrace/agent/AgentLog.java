package dev.reqtrace.agent;

import java.lang.reflect.Field;
import java.text.DateFormat;
import java.util.Locale;
import java.util.TimeZone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.simple.SimpleLogger;

/**
 * The agent's own log: shaded slf4j-simple on stderr, every line starting with {@code [reqtrace]}.
 *
 * <p>The shade plugin relocates {@code org.slf4j} to {@code dev.reqtrace.shaded.slf4j}, and it
 * rewrites the string constants below the same way, so the properties we set are
 * {@code dev.reqtrace.shaded.slf4j.simpleLogger.*}: they never touch an application's own
 * slf4j-simple, and an operator overrides ours under that relocated name.
 */
final class AgentLog {
  private static final String PREFIX = "org.slf4j.simpleLogger.";
  private static final String PROVIDER = "slf4j.provider";
  private static final String VERBOSITY = "slf4j.internal.verbosity";

  private AgentLog() {}

  /** Sets up slf4j-simple (only what the operator has not set) and returns the agent's logger. */
  static Logger configure(String level) {
    setDefault("defaultLogLevel", level.toLowerCase(Locale.ROOT));
    setDefault("logFile", "System.err");
    setDefault("cacheOutputStream", "false");
    // slf4j-simple has no prefix option; the timestamp carries ours (LogTimestamp), unless the
    // operator set a date pattern of their own.
    setDefault("showDateTime", "true");
    boolean ownTimestamp = System.getProperty(PREFIX + "dateTimeFormat") == null;
    setDefault("showThreadName", "false");
    setDefault("showLogName", "false");
    setDefault("showShortLogName", "false");
    setDefault("levelInBrackets", "false");
    // Naming the provider spares slf4j its ServiceLoader scan of the class path (~17 ms of the
    // application's start-up, measured on the demo app). These two properties are slf4j's own, not relocated: the
    // application's slf4j reads them too, so they hold only while ours initialises (in premain,
    // before any application code runs) and whatever was there before is put back.
    String provider = System.setProperty(PROVIDER, "org.slf4j.simple.SimpleServiceProvider");
    String verbosity = System.setProperty(VERBOSITY, "WARN"); // no "loading provider" line
    try {
      Logger log = LoggerFactory.getLogger("reqtrace");
      if (ownTimestamp) {
        useTimestamp(new LogTimestamp(TimeZone.getDefault()));
      }
      return log;
    } finally {
      restore(PROVIDER, provider);
      restore(VERBOSITY, verbosity);
    }
  }

  /**
   * Gives slf4j-simple our timestamp: its configuration has no such option, so the formatter goes
   * into the field its pattern would have filled (package-private in the slf4j-simple version we
   * shade; {@code AgentLogTest} fails if that changes). On any failure the lines keep slf4j-simple's
   * default, milliseconds since start-up, without our prefix.
   */
  private static void useTimestamp(DateFormat timestamp) {
    try {
      Field params = SimpleLogger.class.getDeclaredField("CONFIG_PARAMS");
      params.setAccessible(true);
      Object configuration = params.get(null);
      Field formatter = configuration.getClass().getDeclaredField("dateFormatter");
      formatter.setAccessible(true);
      formatter.set(configuration, timestamp);
    } catch (ReflectiveOperationException | RuntimeException e) {
      System.err.println("[reqtrace] agent log without timestamps: " + e);
    }
  }

  private static void restore(String name, String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }

  private static void setDefault(String name, String value) {
    if (System.getProperty(PREFIX + name) == null) {
      System.setProperty(PREFIX + name, value);
    }
  }
}
