package dev.reqtrace.agent.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Splits the {@code -javaagent:reqtrace-agent.jar=<args>} string into keys and values.
 *
 * <p>The JVM hands the agent one string, and operators write lists in it
 * ({@code reqtrace.exporter=log,statsd,reqtrace.tags=env:prod,region:eu}), so a comma starts a
 * new argument only when the next segment looks like {@code key=value}; otherwise the segment
 * continues the previous value. A {@code key=value} list value ({@code reqtrace.otlp.headers})
 * is continued also by segments with '=' whose key is not a reqtrace key: {@code a=1,b=2}.
 */
final class AgentArguments {
  private AgentArguments() {}

  /** One argument as written: the key spelled by the operator and its value. */
  static final class Argument {
    final String written;
    final String value;

    Argument(String written, String value) {
      this.written = written;
      this.value = value;
    }
  }

  /**
   * Parses {@code args} into full key names ({@code reqtrace.} prefix added when missing) mapped to
   * their arguments, in order, a repeated key keeping its last value. Garbage is reported and
   * skipped; unknown keys are returned for the caller to report.
   */
  static Map<String, Argument> parse(String args, Consumer<String> problems) {
    Map<String, Argument> parsed = new LinkedHashMap<>();
    if (args == null || args.isBlank()) {
      return parsed;
    }
    String key = null;
    StringBuilder value = null;
    StringBuilder garbage = null;
    for (String raw : args.split(",", -1)) {
      String segment = raw.trim();
      if (segment.isEmpty()) {
        continue;
      }
      int eq = segment.indexOf('=');
      String segmentKey = eq > 0 ? segment.substring(0, eq).trim() : null;
      if (segmentKey != null && !(key != null && continuesPairs(key, segmentKey))) {
        flushGarbage(garbage, problems);
        garbage = null;
        put(parsed, key, value);
        key = segmentKey;
        value = new StringBuilder(segment.substring(eq + 1).trim());
      } else if (key != null && eq != 0) {
        value.append(',').append(segment);
      } else {
        put(parsed, key, value);
        key = null;
        garbage = garbage == null ? new StringBuilder(segment) : garbage.append(',').append(segment);
      }
    }
    flushGarbage(garbage, problems);
    put(parsed, key, value);
    return parsed;
  }

  /** The full key name: agent arguments may leave out the {@code reqtrace.} prefix. */
  static String fullName(String written) {
    return written.startsWith("reqtrace.") ? written : "reqtrace." + written;
  }

  private static boolean continuesPairs(String currentKey, String segmentKey) {
    Key<?> current = Config.known(fullName(currentKey));
    return current != null && current.takesKeyValuePairs() && Config.known(fullName(segmentKey)) == null;
  }

  private static void put(Map<String, Argument> parsed, String key, StringBuilder value) {
    if (key != null) {
      String name = fullName(key);
      parsed.remove(name); // the last occurrence wins and takes the last place
      parsed.put(name, new Argument(key, value.toString().trim()));
    }
  }

  private static void flushGarbage(StringBuilder garbage, Consumer<String> problems) {
    if (garbage != null) {
      problems.accept("reqtrace: agent argument '" + garbage + "' is not key=value; ignored");
    }
  }
}
