package dev.reqtrace.statsd;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one {@code reqtrace-statsd} daemon thread: drains the sample ring into datagrams, and
 * every flush interval adds the counter sums and gauge values and sends what is pending. It
 * sleeps until the next flush unless producers wake it because the ring is half full; a full
 * datagram is sent as soon as it is full.
 */
final class Sender implements Runnable, SampleRing.Consumer, Packer.Sink {
  private static final long PAUSED_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final SampleRing ring;
  private final MeterRegistry registry;
  private final Drops drops;
  private final ErrorReporter errors;
  private final UdpTransport transport;
  private final Packer packer;
  private final long flushIntervalNanos;
  private final int maxPacket;
  private final Thread thread;
  private volatile boolean stopping;
  private volatile boolean paused;
  /** Set by the sender while it honours {@code paused}, so a pause can be confirmed. */
  private volatile boolean holding;
  private long queueFullReported;

  Sender(StatsdConfig config, SampleRing ring, MeterRegistry registry, Drops drops) {
    this.ring = ring;
    this.registry = registry;
    this.drops = drops;
    this.errors = new ErrorReporter(config.errorHandler());
    this.transport = new UdpTransport(config.host(), config.port(), errors);
    this.maxPacket = config.maxPacket();
    this.packer = new Packer(maxPacket, this);
    this.flushIntervalNanos = config.flushInterval().toNanos();
    this.thread = new Thread(this, "reqtrace-statsd");
    thread.setDaemon(true);
    ring.wakeOnHalfFull(thread);
  }

  void start() {
    thread.start();
  }

  @Override
  public void run() {
    long nextFlush = System.nanoTime() + flushIntervalNanos;
    while (!stopping) {
      long now = System.nanoTime();
      if (paused) {
        holding = true;
        LockSupport.parkNanos(this, PAUSED_POLL_NANOS);
        continue;
      }
      holding = false;
      try {
        ring.drain(this);
        if (now - nextFlush >= 0) {
          flush();
          // Keep the cadence, but after a stall (a slow DNS lookup) start afresh, no burst.
          nextFlush = Math.max(nextFlush + flushIntervalNanos, now);
        }
      } catch (RuntimeException | Error e) {
        // An Error too (an OutOfMemoryError while the app is short of heap): a dead sender thread
        // would send nothing ever again, silently, after the app has recovered.
        errors.report(StatsdErrorKind.INTERNAL, "statsd: sender error, continuing: " + e);
      }
      LockSupport.parkNanos(this, nextFlush - System.nanoTime());
    }
    try {
      ring.drain(this);
      flush();
    } catch (RuntimeException | Error e) {
      errors.report(StatsdErrorKind.INTERNAL, "statsd: error in the final flush: " + e);
    } finally {
      transport.close();
    }
  }

  /** Asks for a final drain and flush; waits at most {@code timeoutMillis} for it. */
  void stop(long timeoutMillis) throws InterruptedException {
    stopping = true;
    paused = false;
    LockSupport.unpark(thread);
    thread.join(Math.max(1, timeoutMillis));
  }

  /**
   * Holds (or releases) the sender so tests can fill the ring deterministically; a pause
   * returns once the sender has stopped draining, or after 5 s.
   */
  void pause(boolean pause) {
    paused = pause;
    LockSupport.unpark(thread);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (pause && !holding && thread.isAlive() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(PAUSED_POLL_NANOS);
    }
  }

  private void flush() {
    long queueFull = drops.queueFullTotal();
    if (queueFull > queueFullReported) {
      errors.report(StatsdErrorKind.QUEUE_FULL, "statsd: sample queue full, "
          + (queueFull - queueFullReported) + " samples dropped; raise the queue capacity");
      queueFullReported = queueFull;
    }
    for (Counter counter : registry.counters()) {
      long delta = counter.takeDelta();
      if (delta != 0 && !packer.append(counter.template, delta)) {
        oversized(counter.template);
      }
    }
    for (Gauge gauge : registry.gauges()) {
      double value = gauge.value();
      if (!Double.isNaN(value) && !packer.appendGauge(gauge.template, value)) {
        oversized(gauge.template);
      }
    }
    packer.flush();
  }

  @Override
  public void accept(int meter, long value) {
    SampledMeter m = registry.sampled(meter < 0 ? ~meter : meter);
    boolean written = meter < 0
        ? packer.append(m.template, Double.longBitsToDouble(value))
        : packer.append(m.template, value);
    if (!written) {
      oversized(m.template);
    }
  }

  @Override
  public void send(ByteBuffer packet, int lines) {
    if (!transport.send(packet)) {
      drops.lost(lines);
    }
  }

  private void oversized(LineTemplate template) {
    drops.lost(1);
    String line = template.toString();
    if (line.length() > 200) {
      line = line.substring(0, 200) + "...";
    }
    errors.report(StatsdErrorKind.OVERSIZED_LINE, "statsd: a line of " + line
        + " is longer than the maximum packet size " + maxPacket + " bytes; dropped");
  }
}
