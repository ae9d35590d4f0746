package dev.reqtrace.statsd;

import java.math.BigDecimal;

/**
 * One StatsD flavor: how a meter's name, type, sample rate and tags become the constant bytes
 * of its lines. Subclasses hold the flavor's escaping rules, so a value that is legal in one
 * flavor (a {@code :} in a dogstatsd tag value) cannot break another (telegraf splits on it).
 */
abstract class LineFormat {

  /**
   * Builds the template of a meter; called once per meter, never per sample.
   *
   * @param prefix already cleaned with {@link Sanitizer#dotted}, may be empty
   * @param name the meter name as given; must keep at least one usable character
   * @param sampleRate in (0, 1]; 1 writes no {@code |@} field
   * @param tags meter tags as alternating key, value
   * @param globalTags tags of every meter as alternating key, value
   */
  final LineTemplate template(MetricType type, String prefix, String name, double sampleRate,
      String[] tags, String[] globalTags) {
    String cleanName = Sanitizer.dotted(name);
    if (cleanName.isEmpty()) {
      throw new IllegalArgumentException("metric name '" + name + "' has no usable character");
    }
    StringBuilder tail = new StringBuilder(16).append('|').append(typeCode(type));
    if (sampleRate < 1.0) {
      tail.append("|@").append(rate(sampleRate));
    }
    return build(type, prefix, cleanName, tail, tags, globalTags);
  }

  /** The type code this flavor's daemon understands for {@code type}. */
  abstract String typeCode(MetricType type);

  /**
   * Completes the template.
   *
   * @param tail {@code |type} and the rate field, to be extended by flavors with trailing tags
   */
  abstract LineTemplate build(MetricType type, String prefix, String name, StringBuilder tail,
      String[] tags, String[] globalTags);

  /** {@code prefix.name}, or {@code name} without a prefix. */
  static StringBuilder qualified(String prefix, String name) {
    StringBuilder out = new StringBuilder(64);
    if (!prefix.isEmpty()) {
      out.append(prefix).append('.');
    }
    return out.append(name);
  }

  /** Plain decimal (never {@code 1.0E-4}, which some daemons do not parse), no trailing zeros. */
  static String rate(double sampleRate) {
    return BigDecimal.valueOf(sampleRate).stripTrailingZeros().toPlainString();
  }
}
