package dev.reqtrace.agent;

import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.text.DateFormat;
import java.util.Date;
import java.util.Locale;
import java.util.TimeZone;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.simple.SimpleLogger;
import org.slf4j.simple.SimpleServiceProvider;

/**
 * The agent's own log: shaded slf4j-simple on stderr, every line starting with {@code [reqtrace]}.
 *
 * <p>The shade plugin relocates {@code org.slf4j} to {@code dev.reqtrace.shaded.slf4j}, and it
 * rewrites the string constants below the same way, so the properties we set are
 * {@code dev.reqtrace.shaded.slf4j.simpleLogger.*}: they never touch an application's own
 * slf4j-simple, and an operator overrides ours under that relocated name.
 *
 * <p>slf4j-simple writes synchronously, under a lock, on the logging thread; slow, N+1 and error
 * reports are logged on request threads, where a stalled stderr pipe would stall the request. So
 * its output goes through {@link AsyncLogStream}: the thread {@code reqtrace-log} writes to the
 * target slf4j-simple chose (stderr unless the operator set {@code ...simpleLogger.logFile}) and to
 * {@code reqtrace.log.file}.
 */
public final class AgentLog {
  private static final String PREFIX = "org.slf4j.simpleLogger.";

  /** slf4j-simple, once initialised: its settings are read then, from the properties set first. */
  private static SimpleServiceProvider provider;
  /** The stream slf4j-simple writes to once set up; set once per JVM (tests configure again). */
  private static AsyncLogStream output;

  private AgentLog() {}

  /**
   * Sets up slf4j-simple (only what the operator has not set) and returns the agent's logger.
   *
   * @param file {@code reqtrace.log.file}: also gets every line; empty for none
   */
  static Logger configure(String level, String file) {
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
    Logger log = logger();
    LogTimestamp timestamp = new LogTimestamp(TimeZone.getDefault());
    if (ownTimestamp) {
      useTimestamp(timestamp);
    }
    writeAsync(timestamp, file);
    return log;
  }

  /**
   * The agent's logger, straight from slf4j-simple's provider: slf4j's {@code LoggerFactory} would
   * scan the class path for providers (~17 ms of the demo's start-up), or, told which one through
   * the property {@code slf4j.provider}, load it through its own class loader, which is none when
   * the agent's classes come from the boot loader. {@link #configure} comes first in the agent; a
   * call before it (a unit test) gets slf4j-simple's defaults.
   */
  public static synchronized Logger logger() {
    if (provider == null) {
      SimpleServiceProvider simple = new SimpleServiceProvider();
      simple.initialize();
      provider = simple;
    }
    return provider.getLoggerFactory().getLogger("reqtrace");
  }

  /**
   * Gives slf4j-simple our timestamp: its configuration has no such option, so the formatter goes
   * into the field its pattern would have filled (package-private in the slf4j-simple version we
   * shade; {@code AgentLogTest} fails if that changes). On any failure the lines keep slf4j-simple's
   * default, milliseconds since start-up, without our prefix.
   */
  private static void useTimestamp(DateFormat timestamp) {
    try {
      Object configuration = simpleLoggerConfiguration();
      setting(configuration, "dateFormatter").set(configuration, timestamp);
    } catch (ReflectiveOperationException | RuntimeException e) {
      System.err.println("[reqtrace] agent log without timestamps: " + e);
    }
  }

  /** slf4j-simple's configuration object, which has no public API for what we set in it. */
  private static Object simpleLoggerConfiguration() throws ReflectiveOperationException {
    Field params = SimpleLogger.class.getDeclaredField("CONFIG_PARAMS");
    params.setAccessible(true);
    return params.get(null);
  }

  /** The package-private field {@code name} of slf4j-simple's configuration, made accessible. */
  private static Field setting(Object configuration, String name)
      throws ReflectiveOperationException {
    Field field = configuration.getClass().getDeclaredField(name);
    field.setAccessible(true);
    return field;
  }

  /**
   * Puts {@link AsyncLogStream} between slf4j-simple and its target: a new {@code OutputChoice} of
   * type FILE (the one whose stream is used as is) over our stream, in the configuration's
   * package-private field; {@code AgentLogTest} fails if that changes. On any failure the log stays
   * synchronous on stderr and {@code reqtrace.log.file} is not written, which the line says.
   */
  private static synchronized void writeAsync(DateFormat timestamp, String file) {
    if (output != null) {
      return;
    }
    AsyncLogStream stream;
    try {
      Object configuration = simpleLoggerConfiguration();
      Field choiceField = setting(configuration, "outputChoice");
      Object choice = choiceField.get(configuration);
      Class<?> choiceType = choiceField.getType();
      stream = new AsyncLogStream(target(choiceType, choice), file,
          message -> timestamp.format(new Date()) + " WARN " + message,
          AsyncLogStream.CAPACITY, AsyncLogStream.MAX_QUEUED_BYTES, AsyncLogStream.STALL_NANOS,
          AsyncLogStream.SHUTDOWN_NANOS);
      Constructor<?> fileChoice = choiceType.getDeclaredConstructor(PrintStream.class);
      fileChoice.setAccessible(true);
      choiceField.set(configuration, fileChoice.newInstance(stream.printStream()));
    } catch (ReflectiveOperationException | RuntimeException e) {
      System.err.println("[reqtrace] agent log written synchronously"
          + (file == null || file.isEmpty() ? "" : ", reqtrace.log.file " + file + " not written")
          + ": " + e);
      return;
    }
    output = stream;
    stream.start();
    try {
      Runtime.getRuntime().addShutdownHook(new Thread(stream::shutdown, "reqtrace-log-flush"));
    } catch (IllegalStateException alreadyShuttingDown) {
      stream.shutdown();
    }
  }

  /**
   * Where slf4j-simple would have written: {@code System.err}/{@code System.out} looked up at every
   * write as it does (an application may replace them), else the stream it opened.
   */
  private static Supplier<PrintStream> target(Class<?> choiceType, Object choice)
      throws ReflectiveOperationException {
    Field typeField = choiceType.getDeclaredField("outputChoiceType");
    typeField.setAccessible(true);
    String type = ((Enum<?>) typeField.get(choice)).name();
    if (type.equals("SYS_ERR")) {
      return () -> System.err;
    }
    if (type.equals("SYS_OUT")) {
      return () -> System.out;
    }
    Field streamField = choiceType.getDeclaredField("targetPrintStream");
    streamField.setAccessible(true);
    PrintStream fixed = (PrintStream) streamField.get(choice);
    return () -> fixed;
  }

  private static void setDefault(String name, String value) {
    if (System.getProperty(PREFIX + name) == null) {
      System.setProperty(PREFIX + name, value);
    }
  }
}
