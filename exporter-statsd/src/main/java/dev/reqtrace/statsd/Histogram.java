package dev.reqtrace.statsd;

/**
 * A StatsD histogram ({@code |h}) or distribution ({@code |d}); like {@link Timer} but for
 * values that are not durations. Where the format lacks the type, the nearest one is sent: in
 * telegraf a distribution is {@code h}, in etsy both are {@code ms}. Each kept sample is one
 * line; sampling and dropping as for {@link Timer}.
 */
public final class Histogram extends SampledMeter {
  Histogram(int id, LineTemplate template, double sampleRate, SampleRing ring, Drops drops) {
    super(id, template, sampleRate, ring, drops);
  }

  /** Records a value. */
  public void record(long value) {
    offer(value);
  }

  /** Records a value with a fraction (sent with up to 6 decimals). */
  public void record(double value) {
    offer(value);
  }
}
