package dev.reqtrace.statsd;

/**
 * A StatsD timer ({@code |ms}). Not aggregated in the client: each kept sample becomes one
 * line, because the daemon computes percentiles from the individual values (multi-value lines
 * such as {@code name:1:2:3|ms} are a DogStatsD 1.1 extension Etsy statsd does not parse).
 *
 * <p>With a sample rate r below 1 a fraction r of the samples is kept
 * ({@link java.util.concurrent.ThreadLocalRandom}) and sent with {@code |@r}, so the daemon
 * scales counts back up. Recording only enqueues into a bounded lock-free ring: no lock, no
 * allocation; when the ring is full the sample is dropped and counted
 * ({@link StatsdClient#droppedCount()}).
 */
public final class Timer extends SampledMeter {
  Timer(int id, LineTemplate template, double sampleRate, SampleRing ring, Drops drops) {
    super(id, template, sampleRate, ring, drops);
  }

  /** Records a duration in whole milliseconds. */
  public void record(long millis) {
    offer(millis);
  }

  /** Records a duration in milliseconds with a fraction (sent with up to 6 decimals). */
  public void record(double millis) {
    offer(millis);
  }
}
