package dev.reqtrace.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** java.net.http against 127.0.0.1:&lt;port&gt;, HTTP/1.1, for well-formed requests. */
public final class Http {
  /** DESIGN: a request ID is 1–128 characters of this set. */
  public static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9_.~:@+/=-]{1,128}");
  /** A freshly generated ID: the 32 lowercase hex digits of the W3C trace id. */
  public static final Pattern FRESH_ID = Pattern.compile("[0-9a-f]{32}");
  /** The response header the agent sets (default name). */
  public static final String HEADER = "X-Request-ID";

  private final HttpClient client;
  private final URI base;

  public Http(int port) {
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  /** GET {@code path} with header name/value pairs; IO failures are unchecked. */
  public Response get(String path, String... headerPairs) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(30))
        .GET();
    if (headerPairs.length > 0) {
      request.headers(headerPairs);
    }
    try {
      HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Status, headers and body of one response. */
  public record Response(int status, HttpHeaders headers, String body) {
    /** Every value of header {@code name} (case-insensitive). */
    public List<String> all(String name) {
      return headers.allValues(name);
    }

    /** The one X-Request-ID value; fails when there is none or more than one. */
    public String requestId() {
      List<String> ids = all(HEADER);
      if (ids.size() != 1) {
        throw new AssertionError("expected exactly one " + HEADER + " header, got " + ids
            + " (status " + status + ", headers " + headers.map() + ")");
      }
      return ids.get(0);
    }
  }
}
