package dev.reqtrace.statsd;

/**
 * Telegraf's statsd input: {@code name,k=v,k2=v2:1|c|@0.5}, tags in the bucket the way Influx
 * line protocol writes them.
 *
 * <p>Types: {@code h} is native (aggregated like {@code ms}). A distribution is sent as
 * {@code h}: Telegraf silently discards {@code |d} unless both {@code datadog_extensions} and
 * {@code datadog_distributions} are enabled, and {@code h} gives the same percentiles.
 *
 * <p>Escaping: Telegraf splits the line on every {@code :} (several values per line), the
 * bucket on {@code ,} and each tag on {@code =}, and trims whitespace. So keys keep
 * {@code [A-Za-z0-9_.-/]} and values also {@code { } @ + ~}; each run of anything else becomes
 * one {@code _}. Meter tags come first, then global tags.
 */
final class TelegrafFormat extends LineFormat {
  private static final Sanitizer KEY = new Sanitizer("_.-/", false);
  private static final Sanitizer VALUE = new Sanitizer("_.-/{}@+~", false);

  @Override
  String typeCode(MetricType type) {
    return type == MetricType.DISTRIBUTION ? MetricType.HISTOGRAM.code : type.code;
  }

  @Override
  LineTemplate build(MetricType type, String prefix, String name, StringBuilder tail,
      String[] tags, String[] globalTags) {
    StringBuilder head = qualified(prefix, name);
    appendTags(head, tags);
    appendTags(head, globalTags);
    return new LineTemplate(head.append(':').toString(), tail.toString(), true);
  }

  private static void appendTags(StringBuilder out, String[] keyValues) {
    for (int i = 0; i < keyValues.length; i += 2) {
      out.append(',').append(KEY.clean(keyValues[i])).append('=')
          .append(VALUE.clean(keyValues[i + 1]));
    }
  }
}
