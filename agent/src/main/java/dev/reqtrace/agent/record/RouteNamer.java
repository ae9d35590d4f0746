package dev.reqtrace.agent.record;

import dev.reqtrace.agent.scrub.Scrubber;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names a request by its route, the low-cardinality name metrics and reports group by: a framework
 * pattern when there is one, else the path with ID-like segments replaced by {@code {id}}; a
 * segment holding a card number is one of them.
 */
public final class RouteNamer {
  /** A 404 no framework pattern matched: scanners must not create routes. */
  public static final String UNMATCHED = "unmatched";
  /** Every route past the cap. */
  public static final String OTHER = "other";
  /** What an ID-like path segment becomes in a route. */
  static final String ID = "{id}";

  private final int maxRoutes;
  private final Set<String> known = ConcurrentHashMap.newKeySet();
  /** The same routes, found from a path without building its template. */
  private final KnownRoutes byPath;
  /** Slots taken in {@link #known}; reserved before adding, so the cap holds under contention. */
  private final AtomicInteger taken = new AtomicInteger();

  public RouteNamer(int maxRoutes) {
    this.maxRoutes = maxRoutes;
    this.byPath = new KnownRoutes(maxRoutes);
  }

  /**
   * The route of a finished request.
   *
   * @param pattern a framework pattern seen on the request (Spring MVC), or {@code null}
   * @param path the request path without query string
   * @param status the final status
   */
  public String name(Object pattern, String path, int status) {
    String route;
    if (pattern instanceof String && !((String) pattern).isEmpty()) {
      route = (String) pattern;
    } else if (status == 404) {
      return UNMATCHED;
    } else {
      String knownRoute = byPath.find(path);
      if (knownRoute != null) {
        return knownRoute;
      }
      route = templateOf(path);
    }
    if (known.contains(route)) {
      return route;
    }
    // Reserve a slot first: no lock, and the cap is exact however many threads race here.
    if (taken.incrementAndGet() > maxRoutes) {
      taken.decrementAndGet();
      return known.contains(route) ? route : OTHER;
    }
    if (!known.add(route)) {
      taken.decrementAndGet(); // another thread added the same route meanwhile
    }
    byPath.add(route);
    return route;
  }

  /** Distinct routes named so far, at most {@code maxRoutes}. */
  public int size() {
    return known.size();
  }

  /**
   * The path with digits, UUIDs and hex strings of 16+ characters replaced by {@code {id}}, and
   * path parameters ({@code ;jsessionid=...}) dropped: they are per-session, never a route.
   */
  static String templateOf(String path) {
    if (path == null || path.isEmpty()) {
      return "/";
    }
    if (path.indexOf(';') >= 0) {
      path = withoutPathParameters(path);
    }
    StringBuilder out = null;
    int start = 0;
    int length = path.length();
    while (start <= length) {
      int end = segmentEnd(path, start);
      if (end > start && isId(path, start, end)) {
        if (out == null) {
          out = new StringBuilder(length).append(path, 0, start);
        }
        out.append(ID);
      } else if (out != null) {
        out.append(path, start, end);
      }
      if (end < length && out != null) {
        out.append('/');
      }
      start = end + 1;
    }
    return out == null ? path : out.toString();
  }

  /**
   * Where the path segment starting at {@code start} ends: the next '/', or the path's length. A
   * plain loop: {@code indexOf} starts a vectorized search whose set-up costs more than the few
   * characters of a segment.
   */
  static int segmentEnd(String path, int start) {
    int end = start;
    int length = path.length();
    while (end < length && path.charAt(end) != '/') {
      end++;
    }
    return end;
  }

  static boolean isId(String path, int start, int end) {
    int length = end - start;
    boolean digits = true;
    boolean hex = true;
    int digitCount = 0;
    for (int i = start; i < end; i++) {
      char c = path.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      digits &= digit;
      digitCount += digit ? 1 : 0;
      hex &= digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
    if (digits) {
      return true;
    }
    if (hex && length >= 16) {
      return true;
    }
    if (length == 36 && isUuid(path, start)) {
      return true;
    }
    // A card number with dashes or (encoded) spaces is no digit run, and must not become a route.
    return digitCount >= 13 && Scrubber.containsCard(path.substring(start, end));
  }

  private static boolean isUuid(String path, int start) {
    for (int i = 0; i < 36; i++) {
      char c = path.charAt(start + i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : Character.digit(c, 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static String withoutPathParameters(String path) {
    StringBuilder out = new StringBuilder(path.length());
    int i = 0;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == ';') {
        int slash = path.indexOf('/', i);
        if (slash < 0) {
          break;
        }
        i = slash;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.length() == 0 ? "/" : out.toString();
  }
}
