package dev.reqtrace.statsd;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded multi-producer, single-consumer ring of {@code (meter id, value)} samples in
 * preallocated primitive arrays: offering allocates nothing, takes no lock and never waits.
 *
 * <p>A producer claims a slot by CAS on {@code tail} (failing only when the ring is full, so it
 * then drops), writes the pair, and publishes it by a release store of the slot's sequence
 * number. The consumer reads a slot only once its sequence says it was published for this lap,
 * so a producer preempted between claim and publish delays draining, never corrupts it.
 * {@code ArrayBlockingQueue.offer} would take a lock on every request thread;
 * {@code ConcurrentLinkedQueue} would allocate a node per sample.
 */
final class SampleRing {
  private final int mask;
  private final int wakeMask;
  private final int[] meters;
  private final long[] values;
  /** Slot i holds sample number s when {@code published[i] == s + 1}. */
  private final AtomicLongArray published;
  private final AtomicLong tail = new AtomicLong();
  /** Written only by the consumer; producers read it to detect a full ring. */
  private final AtomicLong head = new AtomicLong();
  private volatile Thread consumer;

  /** Receives drained samples. */
  interface Consumer {
    void accept(int meter, long value);
  }

  /** @param capacity a power of two, at least 2 */
  SampleRing(int capacity) {
    mask = capacity - 1;
    wakeMask = capacity / 2 - 1;
    meters = new int[capacity];
    values = new long[capacity];
    published = new AtomicLongArray(capacity);
  }

  /** The thread to unpark each time another half of the ring has filled. */
  void wakeOnHalfFull(Thread thread) {
    consumer = thread;
  }

  /** Adds a sample; false when the ring is full. Never blocks. */
  boolean offer(int meter, long value) {
    long t;
    do {
      t = tail.get();
      if (t - head.get() > mask) {
        return false;
      }
    } while (!tail.compareAndSet(t, t + 1));
    int slot = (int) t & mask;
    meters[slot] = meter;
    values[slot] = value;
    published.lazySet(slot, t + 1);
    // One producer in capacity/2 wakes the sender, so a burst is drained before it overflows
    // the ring without a wake-up (a syscall) per sample.
    if ((t & wakeMask) == wakeMask) {
      Thread c = consumer;
      if (c != null) {
        LockSupport.unpark(c);
      }
    }
    return true;
  }

  /** Consumer only: hands every published sample to {@code sink}; returns how many. */
  int drain(Consumer sink) {
    long h = head.get();
    int n = 0;
    while (true) {
      int slot = (int) h & mask;
      if (published.get(slot) != h + 1) {
        break;
      }
      int meter = meters[slot];
      long value = values[slot];
      h++;
      n++;
      // Release the slot before handing the sample on; a sink may be slow (it may send).
      head.lazySet(h);
      sink.accept(meter, value);
    }
    return n;
  }

  /** Samples offered but not yet drained (approximate while producers run). */
  int size() {
    return (int) (tail.get() - head.get());
  }
}
