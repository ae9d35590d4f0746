package dev.reqtrace.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The resolved configuration: one typed value per {@link Keys key}, immutable.
 *
 * <p>Sources, first hit wins: agent arguments, system properties {@code -Dreqtrace.*},
 * environment {@code REQTRACE_*} (each declared key looked up by its derived name), the standard
 * {@code OTEL_*} variable a few keys fall back to, the properties file named by
 * {@code reqtrace.config}, the default. A blank value counts as unset, as in the OpenTelemetry
 * SDK: {@code REQTRACE_SLOW_THRESHOLD=} in a compose file must not be an error.
 */
public final class Config {
  static final String AGENT_ARGUMENT = "agent argument";
  static final String SYSTEM_PROPERTY = "system property";
  static final String ENVIRONMENT = "environment";
  static final String DEFAULT = "default";
  static final String REDACTED = "<redacted>";

  private static final Map<String, Key<?>> BY_NAME;

  static {
    Map<String, Key<?>> byName = new HashMap<>();
    for (Key<?> key : Keys.all()) {
      byName.put(key.name(), key);
    }
    BY_NAME = Collections.unmodifiableMap(byName);
  }

  private final Map<String, Object> values;
  private final Map<String, String> sources;
  private final Map<String, String> texts;
  private final String javaCommand;

  private Config(Map<String, Object> values, Map<String, String> sources, Map<String, String> texts,
                 String javaCommand) {
    this.values = values;
    this.sources = sources;
    this.texts = texts;
    this.javaCommand = javaCommand;
  }

  /** Configuration from this JVM's environment and system properties. */
  public static Config fromJvm(String agentArgs, Consumer<String> problems) {
    return resolve(agentArgs, System.getenv(), System.getProperties(), problems);
  }

  /** Every key at its default, for tests of other packages. */
  public static Config defaults() {
    return resolve(null, Map.of(), new Properties(), problem -> { });
  }

  /**
   * Resolves every key; every problem (bad value, unknown reqtrace.* key, garbage agent argument,
   * unreadable file) becomes one line in problems. Never throws.
   */
  public static Config resolve(String agentArgs, Map<String, String> env, Properties systemProperties,
                               Consumer<String> problems) {
    Map<String, String> environment = env == null ? Map.of() : env;
    Properties properties = systemProperties == null ? new Properties() : systemProperties;
    try {
      return resolveAll(agentArgs, environment, properties, problems);
    } catch (RuntimeException e) {
      // A bug here must not stop the application: premain would skip the whole agent.
      problems.accept("reqtrace: configuration failed (" + e + "); using defaults");
      return resolveAll(null, Map.of(), new Properties(), problem -> { });
    }
  }

  private static Config resolveAll(String agentArgs, Map<String, String> env, Properties sysProps,
                                   Consumer<String> problems) {
    Map<String, AgentArguments.Argument> args = AgentArguments.parse(agentArgs, problems);
    args.forEach((name, arg) -> reportIfUnknown(name, arg.written, AGENT_ARGUMENT, problems));
    for (String name : new TreeSet<>(sysProps.stringPropertyNames())) {
      if (name.startsWith("reqtrace.")) {
        reportIfUnknown(name, name, SYSTEM_PROPERTY, problems);
      }
    }

    String configFile = firstNonBlank(
        args.containsKey(Keys.CONFIG.name()) ? args.get(Keys.CONFIG.name()).value : null,
        sysProps.getProperty(Keys.CONFIG.name()), env.get(Keys.CONFIG.envName()));
    Map<String, String> file = configFile == null ? Map.of() : readFile(configFile, problems);

    Map<String, Object> values = new HashMap<>();
    Map<String, String> sources = new HashMap<>();
    Map<String, String> texts = new HashMap<>();
    for (Key<?> key : Keys.all()) {
      String text;
      String source;
      String spelled = key.name();
      AgentArguments.Argument arg = args.get(key.name());
      String alias = key.otelAlias().orElse(null);
      if (arg != null && !arg.value.isBlank()) {
        text = arg.value;
        source = AGENT_ARGUMENT;
      } else if (!isBlank(sysProps.getProperty(key.name()))) {
        text = sysProps.getProperty(key.name());
        source = SYSTEM_PROPERTY;
      } else if (!isBlank(env.get(key.envName()))) {
        text = env.get(key.envName());
        source = ENVIRONMENT;
        spelled = key.envName();
      } else if (alias != null && !isBlank(env.get(alias))) {
        text = env.get(alias);
        source = ENVIRONMENT + " " + alias;
        spelled = alias;
      } else if (key != Keys.CONFIG && !isBlank(file.get(key.name()))) {
        text = file.get(key.name());
        source = "file " + configFile;
      } else {
        text = null;
        source = DEFAULT;
      }
      text = text == null ? null : text.trim();
      Object value = key.defaultValue();
      if (text != null) {
        try {
          value = key.parse(text);
        } catch (Key.BadValue e) {
          String where = source.startsWith("file ") ? " in " + source : "";
          String shown = key.secret() ? REDACTED : text;
          String def = key.defaultText().isEmpty() ? "the empty default" : key.defaultText();
          problems.accept("reqtrace: " + spelled + "=" + shown + where + " " + e.getMessage() + "; using " + def);
          text = null;
          source = DEFAULT;
        }
      }
      values.put(key.name(), value);
      sources.put(key.name(), source);
      texts.put(key.name(), text == null ? key.defaultText() : text);
    }
    return new Config(values, sources, texts, sysProps.getProperty("sun.java.command", ""));
  }

  /** The value of {@code key}. */
  @SuppressWarnings("unchecked")
  public <T> T get(Key<T> key) {
    if (!values.containsKey(key.name())) {
      throw new IllegalArgumentException(key.name() + " is not in Keys.all()");
    }
    return (T) values.get(key.name());
  }

  /** {@code reqtrace.instrumentation.<name>.enabled}; {@code name} must be in {@link Keys#INSTRUMENTATIONS}. */
  public boolean instrumentationEnabled(String name) {
    return get(Keys.instrumentationEnabled(name));
  }

  /**
   * Where the value came from: {@code agent argument}, {@code system property}, {@code environment}
   * ({@code REQTRACE_*}), {@code environment OTEL_...} (an OpenTelemetry alias), {@code file <path>}
   * or {@code default} (also when the value given was bad).
   */
  public String source(Key<?> key) {
    get(key);
    return sources.get(key.name());
  }

  /** The value as text for a start-up line: as written, or {@code <redacted>} for a secret key. */
  public String display(Key<?> key) {
    get(key);
    String text = texts.get(key.name());
    return key.secret() && !text.isEmpty() ? REDACTED : text;
  }

  /**
   * The service name: {@code reqtrace.service} (or {@code OTEL_SERVICE_NAME}), else
   * {@code service.name} of the resource attributes, else derived from the command line.
   */
  public String serviceName() {
    String configured = get(Keys.SERVICE);
    if (!configured.isEmpty()) {
      return configured;
    }
    String fromResource = get(Keys.OTLP_RESOURCE_ATTRIBUTES).get("service.name");
    return fromResource != null ? fromResource : ServiceNames.fromJavaCommand(javaCommand);
  }

  /**
   * {@code reqtrace.otlp.endpoint} without trailing '/' and with a lower-case scheme, or the local
   * collector's port for the protocol.
   */
  public String otlpEndpoint() {
    String endpoint = get(Keys.OTLP_ENDPOINT);
    if (endpoint.isEmpty()) {
      return get(Keys.OTLP_PROTOCOL).equals("grpc") ? "http://localhost:4317" : "http://localhost:4318";
    }
    endpoint = endpoint.replaceAll("/+$", "");
    // Schemes are case-insensitive (RFC 3986) and the key accepts HTTP://; the OpenTelemetry
    // builders refuse anything but lower case, which would leave the exporter out.
    int colon = endpoint.indexOf(':');
    return endpoint.substring(0, colon).toLowerCase(Locale.ROOT) + endpoint.substring(colon);
  }

  /** The key called {@code name}, or null. */
  static Key<?> known(String name) {
    return BY_NAME.get(name);
  }

  private static void reportIfUnknown(String name, String written, String where, Consumer<String> problems) {
    if (known(name) != null) {
      return;
    }
    String suggestion = Suggestions.closest(name, BY_NAME.keySet());
    problems.accept("reqtrace: unknown key " + written + " (" + where + ") ignored"
        + (suggestion == null ? "" : "; did you mean " + suggestion + "?"));
  }

  /** The file's keys by full name; like agent arguments, the {@code reqtrace.} prefix may be left out. */
  private static Map<String, String> readFile(String path, Consumer<String> problems) {
    Properties properties;
    try {
      properties = load(Path.of(path), StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      // Properties files were Latin-1 before Java 9; read old ones the way ResourceBundle does.
      try {
        properties = load(Path.of(path), StandardCharsets.ISO_8859_1);
      } catch (IOException | IllegalArgumentException e2) {
        return unreadable(path, e2, problems);
      }
    } catch (IOException | IllegalArgumentException e) { // also a malformed escape or an invalid path
      return unreadable(path, e, problems);
    }
    String where = "file " + path;
    Map<String, String> entries = new LinkedHashMap<>();
    for (String written : new TreeSet<>(properties.stringPropertyNames())) {
      String name = AgentArguments.fullName(written.trim());
      if (name.equals(Keys.CONFIG.name())) {
        problems.accept("reqtrace: " + written + " (" + where + ") ignored; a config file cannot name another");
      } else {
        reportIfUnknown(name, written, where, problems);
        entries.put(name, properties.getProperty(written));
      }
    }
    return entries;
  }

  private static Properties load(Path path, Charset charset) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(path, charset)) {
      properties.load(reader);
    }
    return properties;
  }

  private static Map<String, String> unreadable(String path, Exception e, Consumer<String> problems) {
    String reason;
    if (e instanceof NoSuchFileException) {
      reason = "no such file";
    } else if (e instanceof AccessDeniedException) {
      reason = "permission denied";
    } else {
      reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    problems.accept("reqtrace: cannot read config file " + path + " (" + reason + "); ignoring it");
    return Map.of();
  }

  private static String firstNonBlank(String... texts) {
    for (String text : texts) {
      if (!isBlank(text)) {
        return text.trim();
      }
    }
    return null;
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }
}
