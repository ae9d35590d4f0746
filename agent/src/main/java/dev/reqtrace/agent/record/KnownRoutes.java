package dev.reqtrace.agent.record;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The routes named so far, found again from a request path without building its template: the
 * template's {@link String#hashCode} is computed while the path is scanned, and a known route with
 * that hash is compared with the template character by character. A request to a known route then
 * allocates nothing here (building {@code /owners/{id}} from {@code /owners/1} was ~130 bytes and
 * a StringBuilder per request).
 *
 * <p>Open addressing over an array of at least twice the routes it takes (at most 2048 of them; the
 * others take the slow path), filled by compare-and-set: no lock, a reader sees either a slot's
 * route or {@code null}, and at most half the slots are taken, so a look-up ends soon.
 */
final class KnownRoutes {
  private static final String ID = RouteNamer.ID;
  private static final int MAX_SLOTS = 4096;
  private final AtomicReferenceArray<String> slots;
  private final int mask;
  private final AtomicInteger taken = new AtomicInteger();

  KnownRoutes(int maxRoutes) {
    int wanted = (int) Math.min(MAX_SLOTS, Math.max(8L, 2L * maxRoutes));
    int size = Integer.highestOneBit(wanted - 1) << 1;
    this.slots = new AtomicReferenceArray<>(size);
    this.mask = size - 1;
  }

  /** Remembers {@code route}, unless half the slots are taken already. */
  void add(String route) {
    if (taken.incrementAndGet() > slots.length() / 2) {
      taken.decrementAndGet();
      return;
    }
    int hash = route.hashCode();
    for (int i = spread(hash) & mask, probes = 0; probes <= mask; i = (i + 1) & mask, probes++) {
      String slot = slots.get(i);
      if (slot == null && slots.compareAndSet(i, null, route)) {
        return;
      }
      if (slot == null) {
        slot = slots.get(i); // another thread took it meanwhile
      }
      if (route.equals(slot)) {
        taken.decrementAndGet(); // known already
        return;
      }
    }
  }

  /**
   * The known route that is the template of {@code path} (as {@link RouteNamer#templateOf} would
   * build it), or {@code null}: not known, or a path this fast path leaves to the slow one (path
   * parameters, empty).
   */
  String find(String path) {
    if (path == null || path.isEmpty() || path.indexOf(';') >= 0) {
      return null;
    }
    int hash = templateHash(path);
    for (int i = spread(hash) & mask, probes = 0; probes <= mask; i = (i + 1) & mask, probes++) {
      String slot = slots.get(i);
      if (slot == null) {
        return null;
      }
      if (slot.hashCode() == hash && isTemplateOf(slot, path)) {
        return slot;
      }
    }
    return null;
  }

  /**
   * {@code templateOf(path).hashCode()}, without building the template. This and
   * {@link #isTemplateOf} walk the segments as {@code templateOf} does, each with its own loop
   * rather than one walk with a callback: a callback would be an object per request.
   */
  private static int templateHash(String path) {
    int hash = 0;
    int length = path.length();
    for (int start = 0; start <= length; ) {
      int end = RouteNamer.segmentEnd(path, start);
      if (end > start && RouteNamer.isId(path, start, end)) {
        for (int k = 0; k < ID.length(); k++) {
          hash = 31 * hash + ID.charAt(k);
        }
      } else {
        for (int k = start; k < end; k++) {
          hash = 31 * hash + path.charAt(k);
        }
      }
      if (end < length) {
        hash = 31 * hash + '/';
      }
      start = end + 1;
    }
    return hash;
  }

  /** Whether {@code templateOf(path)} equals {@code route}. */
  private static boolean isTemplateOf(String route, String path) {
    int at = 0; // position in route
    int length = path.length();
    for (int start = 0; start <= length; ) {
      int end = RouteNamer.segmentEnd(path, start);
      if (end > start && RouteNamer.isId(path, start, end)) {
        if (!route.startsWith(ID, at)) {
          return false;
        }
        at += ID.length();
      } else {
        if (!route.regionMatches(at, path, start, end - start)) {
          return false;
        }
        at += end - start;
      }
      if (end < length) {
        if (at >= route.length() || route.charAt(at) != '/') {
          return false;
        }
        at++;
      }
      start = end + 1;
    }
    return at == route.length();
  }

  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }
}
