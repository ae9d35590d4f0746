package dev.reqtrace.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * DESIGN "Request ID", MDC: the app's own Logback and Log4j2 lines (SLF4J, the Log4j2 API, the
 * Log4j2 SLF4J bridge) carry {@code request_id}, {@code trace_id}, {@code span_id} of their request,
 * also on async threads; nothing is left behind on pooled threads for non-request work.
 */
public abstract class AbstractMdcIT extends AbstractAppIT {
  private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");
  private static final Duration LOG_WAIT = Duration.ofSeconds(30);
  private static final int LEAK_REQUESTS = 10_000;
  private static final int LEAK_CLIENTS = 4;
  private static final int SPAWN_EVERY = 100;
  private static final int TICKS_PER_SPAWN = 8;

  @Test
  void helloLinesCarryTheRequestId() {
    assertLinesCarryId("/hello?n=mdc-hello", "hello n=mdc-hello ");
  }

  @Test
  void filterChainLinesCarryTheRequestId() {
    assertLinesCarryId("/chain", "filter chain-filter-1 ", "filter chain-filter-2 ",
        "filter chain-filter-3 ", "chain servlet ");
  }

  @Test
  void asyncLinesCarryTheRequestIdAlsoOnTheAsyncThread() {
    assumeTrue(testApp().has("/async"));
    assertLinesCarryId("/async", "async start ", "async worker ");
  }

  /** The handler runs in the request; postHandle in the ASYNC dispatch after setResult. */
  @Test
  void deferredResultLinesCarryTheRequestId() {
    assumeTrue(testApp().has("/deferred"));
    assertLinesCarryId("/deferred", "deferred start ", "postHandle /deferred ");
  }

  @Test
  void callableLinesCarryTheRequestId() {
    assumeTrue(testApp().has("/callable"));
    assertLinesCarryId("/callable", "callable start ", "postHandle /callable ");
  }

  /** Spring MVC runs the Callable on its own task executor: an async continuation of the request. */
  @Test
  void callableWorkerLinesCarryTheRequestId() {
    assumeTrue(testApp().has("/callable"));
    assertLinesCarryId("/callable", "callable worker ");
  }

  /**
   * Spring's {@code @Async} hands void, {@code Future} and {@code CompletableFuture} methods to its
   * executor as a {@code Callable} ({@code submit}, {@code submitCompletable}); the void one may
   * run after the response was sent.
   */
  @Test
  void asyncMethodLinesCarryTheRequestId() {
    assumeTrue(testApp().has("/at-async"));
    assertLinesCarryId("/at-async", "at-async start ", "at-async void ", "at-async future ",
        "at-async completable ");
  }

  /** SimpleAsyncTaskExecutor.submit(Callable) goes through its execute(Runnable, long). */
  @Test
  void simpleAsyncTaskExecutorCallableLinesCarryTheRequestId() {
    assumeTrue(testApp().has("/simple-async"));
    assertLinesCarryId("/simple-async", "simple-async worker ");
  }

  @Test
  void inboundIdIsTheMdcRequestId() {
    int mark = app.mark();
    Http.Response r = request("/hello?n=mdc-inbound", Http.HEADER, "mdc-inbound-7");

    assertThat(r.requestId()).isEqualTo("mdc-inbound-7");
    for (String raw : app.awaitLines(mark, AppLogLine.messageStartsWith("hello n=mdc-inbound "),
        2, LOG_WAIT)) {
      AppLogLine line = AppLogLine.of(raw);
      assertThat(line.rid()).as(raw).isEqualTo("mdc-inbound-7");
      assertThat(line.tid()).as(raw).matches(Http.FRESH_ID);
    }
  }

  /**
   * 10,000 requests from a few concurrent clients, with {@code /spawn} now and then putting
   * non-request work ({@code tick} lines) on the container's pooled request threads: no tick
   * carries an ID, and every request line carries its response's ID (or, when the client sent the
   * GET again, its lost first attempt's own ID; never another request's).
   */
  @Test
  void noIdLeaksToPooledThreadsAndNoRequestSeesAnother() throws Exception {
    assumeTrue(testApp().has("/spawn"));
    int mark = app.mark();
    Map<String, String> idByN = new ConcurrentHashMap<>();
    AtomicInteger spawns = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(LEAK_CLIENTS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < LEAK_CLIENTS; c++) {
        int client = c;
        done.add(clients.submit(() -> {
          for (int i = client; i < LEAK_REQUESTS; i += LEAK_CLIENTS) {
            if (i % SPAWN_EVERY == 0) {
              assertThat(request("/spawn?n=" + TICKS_PER_SPAWN).status()).isEqualTo(200);
              spawns.incrementAndGet();
            }
            String n = "leak-" + i;
            idByN.put(n, request("/hello?n=" + n).requestId());
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      clients.shutdownNow();
    }
    // Last, with every request finished: the threads that served them now run only ticks.
    assertThat(request("/spawn?n=" + 4 * TICKS_PER_SPAWN).status()).isEqualTo(200);
    int ticks = spawns.get() * TICKS_PER_SPAWN + 4 * TICKS_PER_SPAWN;

    Duration wait = Duration.ofSeconds(120);
    app.awaitLines(mark, AppLogLine.messageStartsWith("hello n=leak-"), 2 * LEAK_REQUESTS, wait);
    app.awaitLines(mark, AppLogLine.messageStartsWith("tick "), 2 * ticks, wait);

    List<String> leakedTicks = new ArrayList<>();
    Map<String, List<String>> linesByN = new HashMap<>();
    for (String raw : app.linesSince(mark)) {
      AppLogLine line = AppLogLine.parse(raw).orElse(null);
      if (line == null) {
        continue;
      }
      if (line.message().startsWith("tick ")) {
        if (!line.rid().isEmpty() || !line.tid().isEmpty() || !line.sid().isEmpty()) {
          leakedTicks.add(raw);
        }
      } else if (line.message().startsWith("hello n=leak-")) {
        String n = line.message().substring("hello n=".length(), line.message().indexOf(" via="));
        linesByN.computeIfAbsent(n, k -> new ArrayList<>()).add(raw);
      }
    }
    // The client may send a GET again when its keep-alive connection closes under it: the server
    // then served the request twice, and the attempt whose response was lost logged its own fresh
    // ID. Wrong is a request whose response's ID is on none of its lines, or a line with no ID or
    // with the ID another request answered with.
    Set<String> answered = new HashSet<>(idByN.values());
    List<String> wrongIds = new ArrayList<>();
    for (Map.Entry<String, String> request : idByN.entrySet()) {
      String expected = request.getValue();
      boolean seen = false;
      for (String raw : linesByN.getOrDefault(request.getKey(), List.of())) {
        String rid = AppLogLine.of(raw).rid();
        seen |= rid.equals(expected);
        if (!rid.equals(expected) && (rid.isEmpty() || answered.contains(rid))) {
          wrongIds.add(raw + "   <- response " + request.getKey() + " had " + expected);
        }
      }
      if (!seen) {
        wrongIds.add("no line of " + request.getKey() + " carries its response's " + expected);
      }
    }
    assertThat(first(10, leakedTicks)).as("tick lines (no request) carrying an ID: %d, the first",
        leakedTicks.size()).isEmpty();
    assertThat(first(10, wrongIds)).as("request lines whose rid is not their response's ID: %d"
        + " of %d, the first", wrongIds.size(), 2 * LEAK_REQUESTS).isEmpty();
  }

  private static List<String> first(int n, List<String> lines) {
    return lines.subList(0, Math.min(n, lines.size()));
  }

  /**
   * GETs {@code path} alone (tests of a class run one at a time) and checks that each message
   * prefix was logged through both APIs with the response's ID, its trace id and a span id.
   */
  private void assertLinesCarryId(String path, String... messagePrefixes) {
    int mark = app.mark();
    Http.Response r = request(path);
    assertThat(r.status()).isEqualTo(200);
    String id = r.requestId();

    for (String prefix : messagePrefixes) {
      List<String> lines =
          app.awaitLines(mark, AppLogLine.messageStartsWith(prefix), 2, LOG_WAIT);
      assertThat(lines).as("lines starting '%s'", prefix).hasSize(2);
      for (String raw : lines) {
        AppLogLine line = AppLogLine.of(raw);
        assertThat(line.rid()).as("request_id in: %s", raw).isEqualTo(id);
        assertThat(line.tid()).as("trace_id in: %s", raw).isEqualTo(id);
        assertThat(line.sid()).as("span_id in: %s", raw).matches(SPAN_ID);
      }
    }
  }
}
