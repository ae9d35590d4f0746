package dev.reqtrace.bootstrap;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A concurrent map from objects, compared by identity and held weakly, to values. A JDBC statement
 * whose class loaded before the agent could transform it carries no field of ours (retransformation
 * cannot add one), so what we know about it lives here until the statement is closed or garbage.
 *
 * <p>No lock of its own: lookups go straight to {@link ConcurrentHashMap}; entries of collected
 * keys are removed a few at a time by whichever thread puts next.
 */
public final class WeakIdentityMap<V> {
  /** Collected entries removed per put, so no single caller pays for a large backlog. */
  private static final int EXPUNGE_BATCH = 32;

  private final ConcurrentHashMap<Object, V> map = new ConcurrentHashMap<>();
  private final ReferenceQueue<Object> queue = new ReferenceQueue<>();

  /** The value for {@code key}, or {@code null}. */
  public V get(Object key) {
    return key == null ? null : map.get(new Lookup(key));
  }

  /** Maps {@code key} (held weakly) to {@code value}. */
  public void put(Object key, V value) {
    expunge(EXPUNGE_BATCH);
    map.put(new Entry(key, queue), value);
  }

  /** Removes the mapping of {@code key}, returning its value or {@code null}. */
  public V remove(Object key) {
    return key == null ? null : map.remove(new Lookup(key));
  }

  /** Live mappings, after removing every collected one. */
  public int size() {
    expunge(Integer.MAX_VALUE);
    return map.size();
  }

  private void expunge(int max) {
    // poll() is a volatile read while the queue is empty, the usual case.
    Reference<?> collected;
    for (int i = 0; i < max && (collected = queue.poll()) != null; i++) {
      map.remove(collected);
    }
  }

  /** The stored key: weak, identity hash fixed at creation (it must survive the referent). */
  private static final class Entry extends WeakReference<Object> {
    private final int hash;

    Entry(Object key, ReferenceQueue<Object> queue) {
      super(key, queue);
      this.hash = System.identityHashCode(key);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      if (other == this) {
        return true;
      }
      Object referent = get();
      return referent != null && other instanceof Entry && ((Entry) other).get() == referent;
    }
  }

  /** A probe for lookups: never stored, so it need not be a reference object. */
  private static final class Lookup {
    private final Object key;

    Lookup(Object key) {
      this.key = key;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(key);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Entry && ((Entry) other).get() == key;
    }
  }
}
