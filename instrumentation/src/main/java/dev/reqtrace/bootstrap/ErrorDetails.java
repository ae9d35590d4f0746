package dev.reqtrace.bootstrap;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the error report of a failed request shows about it, copied by the servlet advice while the
 * request is still live (the container recycles the request object once it ends). JDK strings only:
 * nothing here pins the application's class loader.
 *
 * <p>The values are raw: secrets in the query string, headers and parameters are still there.
 * Nothing may emit them without passing them through the agent's {@code Scrubber}. The session ID
 * itself is never kept, only a hash of it.
 */
public final class ErrorDetails {
  /**
   * The request headers a report shows, in this order; the advice reads exactly these. An allow
   * list, not every header: an application's own {@code X-Customer-Secret} must not reach the log
   * because no scrub key happens to match it. {@code Authorization} and {@code Cookie} are listed
   * to show that they were sent; the default scrub keys mask their values.
   */
  public static final String[] HEADERS = {"Host", "User-Agent", "Referer", "Accept", "Content-Type",
      "Content-Length", "Origin", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host",
      "Forwarded", "Authorization", "Cookie"};

  /** Longest header or parameter value kept, in characters; longer ones are cut. */
  static final int MAX_VALUE = 256;
  /** Most form parameters kept. */
  static final int MAX_PARAMETERS = 32;
  /** Longest URL or query string kept, in characters. */
  static final int MAX_URL = 2048;

  private volatile String url;
  private volatile String queryString;
  private volatile String[] headerValues;
  private volatile String user;
  private volatile String sessionHash;
  private volatile Map<String, String[]> parameters;

  ErrorDetails() {}

  /**
   * Whether the container has already parsed this request's parameters, so that reading them
   * cannot consume a request body the application did not read. Unknown containers: {@code false}.
   *
   * @param request the container's request object (Tomcat's connector request, Jetty's request)
   */
  public static boolean parametersParsed(Object request) {
    return ParsedParameters.known(request);
  }

  /**
   * Copies the request's data; called once by the advice.
   *
   * @param requestUrl {@code getRequestURL()}: scheme, host, port and path, no query string
   * @param query {@code getQueryString()}, or {@code null}
   * @param headers the values of {@link #HEADERS}, same order, {@code null} where absent
   * @param userName the user principal's name, or {@code null}
   * @param sessionId the session ID, or {@code null}; only its hash is kept
   * @param parameterMap the already parsed parameters (see {@link #parametersParsed}), or {@code null}
   */
  public void capture(String requestUrl, String query, String[] headers, String userName,
      String sessionId, Map<String, String[]> parameterMap) {
    url = cut(requestUrl, MAX_URL);
    queryString = cut(query, MAX_URL);
    String[] values = new String[HEADERS.length];
    if (headers != null) {
      for (int i = 0; i < values.length && i < headers.length; i++) {
        values[i] = cut(headers[i], MAX_VALUE);
      }
    }
    headerValues = values;
    user = cut(userName, MAX_VALUE);
    sessionHash = sessionId == null || sessionId.isEmpty() ? null : hash(sessionId);
    parameters = copy(parameterMap);
  }

  /** The request URL without query string, as the container rebuilt it, or {@code null}. */
  public String url() {
    return url;
  }

  /** The raw query string, or {@code null}. */
  public String queryString() {
    return queryString;
  }

  /** The headers of {@link #HEADERS} that were present, raw, in that order. */
  public Map<String, String> headers() {
    String[] values = headerValues;
    Map<String, String> present = new LinkedHashMap<>();
    if (values != null) {
      for (int i = 0; i < values.length; i++) {
        if (values[i] != null) {
          present.put(HEADERS[i], values[i]);
        }
      }
    }
    return present;
  }

  /** The user principal's name, or {@code null}. */
  public String user() {
    return user;
  }

  /** The first 16 hex digits of the SHA-256 of the session ID, or {@code null} without one. */
  public String sessionHash() {
    return sessionHash;
  }

  /** The form and query parameters the application had parsed, raw; empty when unknown. */
  public Map<String, String[]> parameters() {
    Map<String, String[]> known = parameters;
    return known == null ? Collections.<String, String[]>emptyMap() : known;
  }

  /** Whether the parameters were readable without consuming a request body. */
  public boolean parametersKnown() {
    return parameters != null;
  }

  private static Map<String, String[]> copy(Map<String, String[]> source) {
    if (source == null) {
      return null;
    }
    Map<String, String[]> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String[]> entry : source.entrySet()) {
      if (copy.size() == MAX_PARAMETERS) {
        break;
      }
      String[] values = entry.getValue() == null ? new String[0] : entry.getValue().clone();
      for (int i = 0; i < values.length; i++) {
        values[i] = cut(values[i], MAX_VALUE);
      }
      copy.put(cut(String.valueOf(entry.getKey()), MAX_VALUE), values);
    }
    return Collections.unmodifiableMap(copy);
  }

  private static String cut(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max) + "...";
  }

  static String hash(String value) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(value.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder(16);
      for (int i = 0; i < 8; i++) {
        hex.append(Character.forDigit((digest[i] >> 4) & 0xf, 16))
            .append(Character.forDigit(digest[i] & 0xf, 16));
      }
      return hex.toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      return null; // every JDK has SHA-256; never fall back to the ID itself
    }
  }
}
