package dev.reqtrace.statsd;

/**
 * A StatsD set ({@code |s}): the daemon counts the distinct values seen per flush interval.
 * Each value is one line (the daemon does the de-duplication); never sampled, since a sampled
 * set would just under-count. Enqueued and dropped like {@link Timer} samples.
 */
public final class SetMeter extends SampledMeter {
  SetMeter(int id, LineTemplate template, SampleRing ring, Drops drops) {
    super(id, template, 1.0, ring, drops);
  }

  /** Adds a member, e.g. a numeric user id. */
  public void add(long member) {
    offer(member);
  }
}
