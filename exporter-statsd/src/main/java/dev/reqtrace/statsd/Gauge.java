package dev.reqtrace.statsd;

/**
 * A StatsD gauge ({@code |g}): the last value set is sent on every flush once it has been set,
 * so a quiet gauge (no active requests) still shows its value instead of a gap. Setting only
 * writes a volatile field.
 *
 * <p>Negative values are sent as {@code 0} followed by the value in the etsy and telegraf
 * formats, whose daemons read a leading minus as "subtract".
 */
public final class Gauge {
  /** NaN stands for "never set": {@link #set} refuses NaN, so it cannot be a real value. */
  private static final long UNSET = Double.doubleToRawLongBits(Double.NaN);

  final LineTemplate template;
  private volatile long bits = UNSET;

  Gauge(LineTemplate template) {
    this.template = template;
  }

  /** Sets the value; NaN and infinities are ignored (no daemon parses them). */
  public void set(double value) {
    if (!Double.isNaN(value) && !Double.isInfinite(value)) {
      bits = Double.doubleToRawLongBits(value);
    }
  }

  /** The last value set, or NaN if never set. */
  public double value() {
    return Double.longBitsToDouble(bits);
  }
}
