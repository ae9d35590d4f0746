package dev.reqtrace.statsd;

/**
 * DogStatsD: {@code name:1|c|@0.5|#k:v,k2:v2}, the Datadog agent's dialect, also read by
 * Telegraf ({@code datadog_extensions}), Vector and the Prometheus statsd_exporter.
 *
 * <p>Escaping: a tag key keeps {@code [A-Za-z0-9_.-/]} (no {@code :}, which ends the key); a tag
 * value also keeps {@code : { } @ + = ~}, so {@code route:/owners/{id}} reads naturally. The
 * separators {@code | , #}, whitespace, control characters and non-ASCII never survive: each
 * run of them becomes one {@code _}. Meter tags come first, then global tags; duplicates are
 * not merged (DogStatsD accepts several values for one key).
 */
final class DogstatsdFormat extends LineFormat {
  private static final Sanitizer KEY = new Sanitizer("_.-/", false);
  private static final Sanitizer VALUE = new Sanitizer("_.-/:{}@+=~", false);

  @Override
  String typeCode(MetricType type) {
    return type.code;
  }

  @Override
  LineTemplate build(MetricType type, String prefix, String name, StringBuilder tail,
      String[] tags, String[] globalTags) {
    if (tags.length + globalTags.length > 0) {
      tail.append("|#");
      appendTags(tail, tags, false);
      appendTags(tail, globalTags, tags.length > 0);
    }
    return new LineTemplate(qualified(prefix, name).append(':').toString(), tail.toString(),
        false);
  }

  private static void appendTags(StringBuilder out, String[] keyValues, boolean comma) {
    for (int i = 0; i < keyValues.length; i += 2) {
      if (comma || i > 0) {
        out.append(',');
      }
      out.append(KEY.clean(keyValues[i])).append(':').append(VALUE.clean(keyValues[i + 1]));
    }
  }
}
