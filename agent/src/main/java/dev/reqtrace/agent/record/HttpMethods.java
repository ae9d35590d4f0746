package dev.reqtrace.agent.record;

/**
 * The HTTP methods the agent names in OTLP metrics and spans and in the route summary; any other is
 * one "other" value. The client chooses the method (any token is one, answered 501 by the
 * container): named as sent, each made-up one would be a series, an attribute value or a summary
 * entry of its own, for as long as its holder lives.
 */
public final class HttpMethods {
  private static final String[] KNOWN = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD",
      "OPTIONS", "TRACE", "CONNECT"};
  /** The index of every method not known; the known ones are below it. */
  public static final int OTHER = KNOWN.length;

  private HttpMethods() {}

  /** {@code method}'s index, {@link #OTHER} for any method not known (and {@code null}). */
  public static int index(String method) {
    for (int i = 0; i < KNOWN.length; i++) {
      if (KNOWN[i].equals(method)) {
        return i;
      }
    }
    return OTHER;
  }

  /** The known method of {@code index}, else {@code otherName}. */
  public static String name(int index, String otherName) {
    return index < OTHER ? KNOWN[index] : otherName;
  }
}
