package dev.reqtrace.agent.record;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The routes named so far, found again from a request path without building its template: the
 * template's {@link String#hashCode} is computed while the path is scanned, and a known route with
 * that hash is compared with the template character by character. A request to a known route then
 * allocates nothing here (building {@code /owners/{id}} from {@code /owners/1} was ~130 bytes and
 * a StringBuilder per request). The path is scanned once for the hash, and its segments once more
 * against the candidate with the same hash.
 *
 * <p>Open addressing over an array of at least twice the routes it takes (at most 2048 of them; the
 * others take the slow path), filled by compare-and-set: no lock, a reader sees either a slot's
 * route or {@code null}, and at most half the slots are taken, so a look-up ends soon.
 */
final class KnownRoutes {
  private static final String ID = RouteNamer.ID;
  /** What appending {@link #ID} does to a {@link String#hashCode}: times 31^4, plus its own. */
  private static final int ID_POWER = 31 * 31 * 31 * 31;
  private static final int ID_HASH = ID.hashCode();
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
    // templateOf(path).hashCode() without building the template, and which segments are IDs, so
    // that comparing with a candidate needs no second look at their characters.
    int hash = 0;
    long ids = 0;
    int length = path.length();
    for (int start = 0, segment = 0; start <= length; segment++) {
      int end = RouteNamer.segmentEnd(path, start);
      if (end > start && RouteNamer.isId(path, start, end)) {
        hash = hash * ID_POWER + ID_HASH;
        ids |= segment < 64 ? 1L << segment : 0;
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
    for (int i = spread(hash) & mask, probes = 0; probes <= mask; i = (i + 1) & mask, probes++) {
      String slot = slots.get(i);
      if (slot == null) {
        return null;
      }
      if (slot.hashCode() == hash && isTemplateOf(slot, path, ids)) {
        return slot;
      }
    }
    return null;
  }

  /**
   * Whether {@code templateOf(path)} equals {@code route}; bit {@code s} of {@code ids} tells
   * whether segment {@code s} is an ID (past the 64th, it is looked at again).
   */
  private static boolean isTemplateOf(String route, String path, long ids) {
    int at = 0; // position in route
    int length = path.length();
    for (int start = 0, segment = 0; start <= length; segment++) {
      int end = RouteNamer.segmentEnd(path, start);
      boolean id = segment < 64 ? (ids >>> segment & 1) != 0
          : end > start && RouteNamer.isId(path, start, end);
      if (id) {
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
