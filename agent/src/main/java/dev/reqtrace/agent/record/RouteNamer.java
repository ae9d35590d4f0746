package dev.reqtrace.agent.record;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names a request by its route, the low-cardinality name metrics and reports group by: a framework
 * pattern when there is one, else the path with ID-like segments replaced by {@code {id}}.
 */
public final class RouteNamer {
  /** A 404 no framework pattern matched: scanners must not create routes. */
  public static final String UNMATCHED = "unmatched";
  /** Every route past the cap. */
  public static final String OTHER = "other";
  private static final String ID = "{id}";

  private final int maxRoutes;
  private final Set<String> known = ConcurrentHashMap.newKeySet();

  public RouteNamer(int maxRoutes) {
    this.maxRoutes = maxRoutes;
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
      route = templateOf(path);
    }
    if (known.contains(route)) {
      return route;
    }
    // Racy by design: a few routes over the cap under contention are harmless, a lock is not.
    if (known.size() >= maxRoutes) {
      return OTHER;
    }
    known.add(route);
    return route;
  }

  /** The path with digits, UUIDs and hex strings of 16+ characters replaced by {@code {id}}. */
  static String templateOf(String path) {
    if (path == null || path.isEmpty()) {
      return "/";
    }
    StringBuilder out = null;
    int start = 0;
    int length = path.length();
    while (start <= length) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = length;
      }
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

  private static boolean isId(String path, int start, int end) {
    int length = end - start;
    boolean digits = true;
    boolean hex = true;
    for (int i = start; i < end; i++) {
      char c = path.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      digits &= digit;
      hex &= digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
    if (digits) {
      return true;
    }
    if (hex && length >= 16) {
      return true;
    }
    return length == 36 && isUuid(path, start);
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
}
