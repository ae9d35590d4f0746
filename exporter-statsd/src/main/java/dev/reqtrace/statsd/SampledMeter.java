package dev.reqtrace.statsd;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Shared hot path of the meters whose every sample is sent (timers, histograms, sets): sample,
 * then enqueue {@code (id, value)} into the ring. Double values travel as raw bits with the id
 * complemented, so the ring stays two primitive arrays.
 */
abstract class SampledMeter {
  final int id;
  final LineTemplate template;
  private final double sampleRate;
  private final SampleRing ring;
  private final Drops drops;

  SampledMeter(int id, LineTemplate template, double sampleRate, SampleRing ring, Drops drops) {
    this.id = id;
    this.template = template;
    this.sampleRate = sampleRate;
    this.ring = ring;
    this.drops = drops;
  }

  final void offer(long value) {
    if (sampled() && !ring.offer(id, value)) {
      drops.queueFull();
    }
  }

  final void offer(double value) {
    if (!Double.isNaN(value) && !Double.isInfinite(value) && sampled()
        && !ring.offer(~id, Double.doubleToRawLongBits(value))) {
      drops.queueFull();
    }
  }

  /** Keeps a fraction {@code sampleRate} of the samples; the line says {@code |@rate}. */
  private boolean sampled() {
    return sampleRate >= 1.0 || ThreadLocalRandom.current().nextDouble() < sampleRate;
  }
}
