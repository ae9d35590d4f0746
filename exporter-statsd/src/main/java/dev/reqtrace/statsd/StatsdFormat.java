package dev.reqtrace.statsd;

import java.util.Locale;

/**
 * The StatsD dialect written on the wire ({@code reqtrace.statsd.format}).
 *
 * <ul>
 *   <li>{@link #DOGSTATSD} (default): {@code name:1|c|@0.5|#k:v,k2:v2}; types c, ms, g, s, h, d.
 *   <li>{@link #TELEGRAF}: {@code name,k=v,k2=v2:1|c|@0.5}; types c, ms, g, s, h; a distribution
 *       is sent as h.
 *   <li>{@link #ETSY}: tag values folded into the name, {@code http_request.GET.owners_id:1|c};
 *       types c, ms, g, s; histograms and distributions are sent as ms.
 * </ul>
 * Each flavor has its own escaping, documented on its class; whatever the input, a meter's line
 * is one line of printable ASCII that its daemon parses into the intended name, tags and value.
 */
public enum StatsdFormat {
  /** Datadog's DogStatsD dialect, tags after {@code |#}. */
  DOGSTATSD(new DogstatsdFormat()),
  /** Telegraf's statsd input, Influx-style tags in the bucket. */
  TELEGRAF(new TelegrafFormat()),
  /** Plain Etsy statsd: no tags, their values folded into the dotted name. */
  ETSY(new EtsyFormat());

  final LineFormat lines;

  StatsdFormat(LineFormat lines) {
    this.lines = lines;
  }

  /**
   * Parses a configuration value, case-insensitively: {@code dogstatsd}, {@code telegraf} or
   * {@code etsy}.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static StatsdFormat parse(String value) {
    if (value != null) {
      for (StatsdFormat format : values()) {
        if (format.name().equalsIgnoreCase(value.trim())) {
          return format;
        }
      }
    }
    throw new IllegalArgumentException("statsd format '" + value
        + "' is not one of dogstatsd, telegraf, etsy");
  }

  /** The configuration spelling, e.g. {@code dogstatsd}. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
