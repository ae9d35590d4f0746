package dev.reqtrace.statsd;

/**
 * The original Etsy statsd: no tags, so tag values are folded into the dotted name in the
 * order given: {@code http_request.GET.owners_id.200.2xx:1|c}. Global tag values come before
 * the name, after the prefix ({@code prefix.petclinic.prod.http_request...}), giving the usual
 * graphite hierarchy; keys are dropped.
 *
 * <p>Types: Etsy statsd counts any type it does not know as a counter, so {@code h} and
 * {@code d} are sent as {@code ms}, which it aggregates the same way. No multi-value lines.
 *
 * <p>Escaping: a value keeps {@code [A-Za-z0-9_-]}; each run of anything else (the dot
 * included, which would add a path level) becomes one {@code _}, leading and trailing
 * {@code _} are trimmed, and a value left empty is written {@code _}, a string no real value
 * can produce.
 */
final class EtsyFormat extends LineFormat {
  private static final Sanitizer VALUE = new Sanitizer("_-", true);

  @Override
  String typeCode(MetricType type) {
    return type == MetricType.HISTOGRAM || type == MetricType.DISTRIBUTION
        ? MetricType.TIMER.code : type.code;
  }

  @Override
  LineTemplate build(MetricType type, String prefix, String name, StringBuilder tail,
      String[] tags, String[] globalTags) {
    StringBuilder head = new StringBuilder(64).append(prefix);
    appendValues(head, globalTags);
    if (head.length() > 0) {
      head.append('.');
    }
    head.append(name);
    appendValues(head, tags);
    return new LineTemplate(head.append(':').toString(), tail.toString(), true);
  }

  private static void appendValues(StringBuilder out, String[] keyValues) {
    for (int i = 1; i < keyValues.length; i += 2) {
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(VALUE.clean(keyValues[i]));
    }
  }
}
