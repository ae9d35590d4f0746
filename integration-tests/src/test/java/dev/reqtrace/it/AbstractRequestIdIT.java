package dev.reqtrace.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DESIGN "Request ID": every response carries one valid X-Request-ID (fresh = 32 lowercase hex),
 * a valid inbound ID or an inbound traceparent's trace id is reused, the request attribute equals
 * the header, CORS callers may read it, and no hostile inbound value is ever echoed or injected.
 */
public abstract class AbstractRequestIdIT extends AbstractAppIT {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
  private static final int FUZZ_VALUES = 10_000;
  private static final int FUZZ_CLIENTS = 4;
  /** testapp.Endpoints.QUERY_ECHO_HEADER: {@code /attr} echoes its query string in it. */
  private static final String QUERY_ECHO_HEADER = "X-Query-Echo";

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/hello", "/missing", "/boom", "/async", "/async-dispatch", "/stream",
      "/super", "/chain", "/forward", "/deferred", "/callable"})
  void everyResponseCarriesOneFreshId(String path) {
    assumeTrue(testApp().has(path), path + " is not an endpoint of " + testApp());
    Http.Response r = request(path);

    assertThat(r.status()).isEqualTo(expectedStatus(path));
    assertThat(r.requestId()).matches(Http.FRESH_ID);
  }

  @Test
  void streamedResponseCarriesTheIdAndTheWholeBody() {
    Http.Response r = request("/stream");

    assertThat(r.requestId()).matches(Http.FRESH_ID);
    assertThat(r.body()).isEqualTo("chunk 0\nchunk 1\nchunk 2\nchunk 3\nchunk 4\n");
  }

  @Test
  void everyRequestGetsItsOwnId() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      ids.add(request("/hello?n=unique-" + i).requestId());
    }
    assertThat(ids).hasSize(200);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/hello", "/missing", "/boom", "/async", "/stream", "/forward"})
  void echoesValidInboundId(String path) {
    assumeTrue(testApp().has(path), path + " is not an endpoint of " + testApp());
    String inbound = "client-Id_1.2~3:4@5+6/7=8";

    Http.Response r = request(path, Http.HEADER, inbound);

    assertThat(r.status()).isEqualTo(expectedStatus(path));
    assertThat(r.requestId()).isEqualTo(inbound);
  }

  /**
   * The container's own error page (an ERROR dispatch: on Jetty after the failed dispatch has
   * returned, on Tomcat inside it) sees the failed request's ID, which the response carries too.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/boom", "/missing"})
  void errorPageShowsTheIdOfTheFailedRequest(String path) {
    assumeTrue(testApp().has("/error-page"), testApp() + " has no error page of its own");
    Http.Response fresh = request(path);
    Http.Response inbound = request(path, Http.HEADER, "error-page-check-1");

    assertThat(fresh.status()).isEqualTo(expectedStatus(path));
    assertThat(fresh.requestId()).matches(Http.FRESH_ID);
    assertThat(fresh.body()).isEqualTo("error page status=" + expectedStatus(path)
        + " request_id=" + fresh.requestId());
    assertThat(inbound.body()).isEqualTo("error page status=" + expectedStatus(path)
        + " request_id=error-page-check-1");
  }

  @Test
  void echoesInboundIdOf128Characters() {
    String inbound = "a".repeat(64) + "Z9".repeat(32);

    assertThat(request("/hello", Http.HEADER, inbound).requestId()).isEqualTo(inbound);
  }

  @Test
  void replacesInboundIdOf129Characters() {
    String inbound = "b".repeat(129);

    assertThat(request("/hello", Http.HEADER, inbound).requestId()).matches(Http.FRESH_ID);
  }

  @Test
  void continuesInboundTraceparentWithItsTraceIdAsRequestId() {
    Http.Response r = request("/hello", "traceparent", TRACEPARENT);

    assertThat(r.requestId()).isEqualTo(TRACE_ID);
  }

  @Test
  void validInboundIdWinsOverTraceparent() {
    Http.Response r = request("/hello", "traceparent", TRACEPARENT, Http.HEADER, "order-42");

    assertThat(r.requestId()).isEqualTo("order-42");
  }

  @Test
  void requestAttributeEqualsTheHeader() {
    Http.Response fresh = request("/attr");
    Http.Response inbound = request("/attr", Http.HEADER, "attr-check-1");

    assertThat(fresh.body()).isEqualTo(fresh.requestId()).matches(Http.FRESH_ID);
    assertThat(inbound.body()).isEqualTo("attr-check-1").isEqualTo(inbound.requestId());
  }

  @Test
  void exposesTheHeaderToCorsCallers() {
    Http.Response r = request("/hello", "Origin", "http://localhost:1234");

    r.requestId();
    List<String> exposed = new ArrayList<>();
    for (String value : r.all("Access-Control-Expose-Headers")) {
      Arrays.stream(value.split(",")).map(String::trim).forEach(exposed::add);
    }
    assertThat(exposed).as("Access-Control-Expose-Headers").anyMatch(Http.HEADER::equalsIgnoreCase);
  }

  /**
   * Whether a container may refuse the request head holding this value before any servlet runs,
   * answering 400 (or 431) and closing: a control character other than tab is forbidden in any
   * header field (RFC 9110, 5.5); a CR or LF inside the value is a bare CR (RFC 9112, 2.2), an
   * obsolete line folding, or an injected header line a container may reject; and a value over
   * 8 KB exceeds the default request-header limits (Tomcat's 8 KB; Jetty's 8 KB unless raised).
   * After such a refusal the client can read the close before the response, or instead of it.
   */
  private static boolean refusableHead(byte[] value) {
    if (value.length > 8 * 1024) {
      return true;
    }
    for (byte b : value) {
      if ((b >= 0 && b < 0x20 && b != '\t') || b == 0x7f) {
        return true;
      }
    }
    return false;
  }

  /**
   * 10,000 raw inbound values over a few keep-alive sockets. The container may refuse a request
   * head outright (400 from its parser, before any servlet): then no ID is required, but nothing
   * may be injected either. Otherwise exactly one valid ID; a valid inbound value is echoed, any
   * other gets a fresh ID. Where the value holds a line break the server sees only what precedes
   * it (the rest is another header line): echoing that part, if valid, is correct too.
   */
  @Test
  void hostileInboundIdsAreNeverEchoedNorInjected() throws Exception {
    long seed = Long.getLong("it.fuzz.seed", System.nanoTime());
    List<byte[]> values = new HostileIds(seed).generate(FUZZ_VALUES);
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    Map<Integer, AtomicInteger> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    AtomicInteger connections = new AtomicInteger();

    ExecutorService clients = Executors.newFixedThreadPool(FUZZ_CLIENTS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < FUZZ_CLIENTS; c++) {
        int client = c;
        done.add(clients.submit(() -> {
          try (RawHttp raw = new RawHttp(app.port())) {
            for (int i = client; i < values.size(); i += FUZZ_CLIENTS) {
              byte[] value = values.get(i);
              byte[] header = concat(HostileIds.ascii(Http.HEADER + ": "), value,
                  HostileIds.ascii("\r\n"));
              String query = "fuzz=" + i;
              RawHttp.Response r;
              try {
                r = raw.get("/attr?" + query, header);
              } catch (UncheckedIOException e) {
                if (!refusableHead(value)) {
                  throw new AssertionError("no response to ?" + query + " with "
                      + HostileIds.show(new String(value, StandardCharsets.ISO_8859_1)), e);
                }
                // The container's parser refused the head and closed the connection, and the
                // client read that close before the 400 (Jetty 12: a control character, a bare CR).
                // No response: nothing echoed, nothing injected. Status 0 in the histogram.
                statuses.computeIfAbsent(0, s -> new AtomicInteger()).incrementAndGet();
                continue;
              }
              statuses.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
              String problem = answersAnotherRequest(query, r);
              if (problem == null) {
                problem = checkFuzzResponse(new String(value, StandardCharsets.ISO_8859_1), r);
              }
              if (problem != null) {
                failures.add(problem + " (connection " + raw.connections() + ")");
              }
            }
            connections.addAndGet(raw.connections());
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        try {
          f.get();
        } catch (ExecutionException e) {
          // A client that got no answer at all: name the seed, so the run can be replayed.
          throw new AssertionError("fuzz client failed (seed " + seed
              + "; replay with -Dit.fuzz.seed=" + seed + ")", e.getCause());
        }
      }
    } finally {
      clients.shutdownNow();
    }

    Map<Integer, Integer> histogram = new TreeMap<>();
    statuses.forEach((s, n) -> histogram.put(s, n.get()));
    System.out.printf("%s fuzz: seed %d, %d values, statuses %s, %d connections%n",
        getClass().getSimpleName(), seed, values.size(), histogram, connections.get());
    assertThat(failures).as("fuzz failures (seed %d; replay with -Dit.fuzz.seed=%d)", seed, seed)
        .isEmpty();
    assertThat(histogram.getOrDefault(200, 0)).as("requests that reached the app")
        .isGreaterThan(FUZZ_VALUES / 2);
    // STYLE §7: the agent never logs header values. A run of 8+ printable characters from an
    // invalid inbound value in an agent line is a quoted header value (containers escape the
    // control characters around it in their exception messages, hence runs, not whole values).
    Set<String> hostilePieces = new HashSet<>();
    for (byte[] value : values) {
      String sent = new String(value, StandardCharsets.ISO_8859_1);
      if (Http.VALID_ID.matcher(HostileIds.visibleValue(sent)).matches()
          && sent.indexOf('\r') < 0 && sent.indexOf('\n') < 0) {
        continue; // a valid ID: echoed, and logged as request_id legitimately
      }
      for (String piece : sent.split("[^\\x21-\\x7e]+")) {
        if (piece.length() >= 8) {
          hostilePieces.add(piece);
        }
      }
    }
    List<String> quoting = new ArrayList<>();
    for (String line : app.lines()) {
      if (line.startsWith(ForkedApp.AGENT_PREFIX)
          && hostilePieces.stream().anyMatch(line::contains)) {
        quoting.add(line);
      }
    }
    assertThat(quoting).as("agent lines quoting hostile inbound header values").isEmpty();
  }

  /**
   * Null unless the app answered another request's query: then the HTTP exchange itself lost its
   * pairing (container or client), which says nothing about the ID the agent chose, and the
   * failure must say so rather than blame the ID.
   */
  static String answersAnotherRequest(String query, RawHttp.Response r) {
    List<String> echoed = r.headerValues(QUERY_ECHO_HEADER);
    if (r.status() != 200 || echoed.isEmpty() || echoed.equals(List.of(query))) {
      return null;
    }
    return "response to another request: sent ?" + query + ", answer for ?" + echoed + " -> " + r;
  }

  /** Null when the response to inbound value {@code sent} is correct, else why not. */
  static String checkFuzzResponse(String sent, RawHttp.Response r) {
    String what = "sent " + HostileIds.show(sent) + " -> " + r;
    for (String[] h : r.headers()) {
      if (h[0].equalsIgnoreCase(HostileIds.INJECTED_HEADER)
          || h[0].equalsIgnoreCase(HostileIds.INJECTED_COOKIE)) {
        return "injected header: " + what;
      }
    }
    List<String> ids = r.headerValues(Http.HEADER);
    if (r.status() == 400 && ids.isEmpty()) {
      return null; // refused by the container's parser
    }
    if (ids.size() != 1) {
      return "not exactly one " + Http.HEADER + ": " + what;
    }
    String id = ids.get(0);
    if (!Http.VALID_ID.matcher(id).matches()) {
      return "invalid " + Http.HEADER + ": " + what;
    }
    String visible = HostileIds.visibleValue(sent);
    boolean lineBreak = sent.indexOf('\r') >= 0 || sent.indexOf('\n') >= 0;
    boolean validInbound = Http.VALID_ID.matcher(visible).matches();
    if (validInbound && !lineBreak && !id.equals(visible)) {
      return "valid inbound ID not echoed: " + what;
    }
    if (validInbound && lineBreak && !id.equals(visible) && !Http.FRESH_ID.matcher(id).matches()) {
      return "neither the visible inbound ID nor a fresh one: " + what;
    }
    if (!validInbound && (!Http.FRESH_ID.matcher(id).matches() || id.equals(sent))) {
      return "invalid inbound ID not replaced by a fresh one: " + what;
    }
    if (r.status() == 200 && !r.bodyText().equals(id)) {
      return "request attribute differs from the header: body " + HostileIds.show(r.bodyText())
          + ", " + what;
    }
    return null;
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] p : parts) {
      length += p.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  static int expectedStatus(String path) {
    switch (path) {
      case "/missing": return 404;
      case "/boom": return 500;
      default: return 200;
    }
  }
}
