package dev.reqtrace.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole client against a real loopback UDP socket. */
class StatsdClientTest {
  private UdpReceiver daemon;
  private final List<String> errors = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startDaemon() throws Exception {
    daemon = new UdpReceiver();
  }

  @AfterEach
  void stopDaemon() {
    daemon.close();
  }

  private StatsdConfig.Builder config() {
    return StatsdConfig.builder().host("127.0.0.1").port(daemon.port())
        .flushInterval(Duration.ofMillis(20))
        .errorHandler((kind, message) -> errors.add(kind + " " + message));
  }

  @Test
  void sendsEveryMeterTypeWithGlobalTags() throws Exception {
    try (StatsdClient client = StatsdClient.start(config()
        .globalTags(Arrays.asList("service:petclinic")).build())) {
      Counter requests = client.counter("http_request", "method", "GET");
      requests.increment();
      requests.add(2);
      client.timer("http_request.response_time").record(12);
      client.timer("http_request.response_time").record(3.5);
      client.gauge("http_request.active").set(4);
      client.set("users").add(42);
      client.histogram("size").record(100);
      client.distribution("size").record(7);

      daemon.awaitLines(lines -> lines.size() >= 7);
      assertThat(daemon.lines).containsExactlyInAnyOrder(
          "http_request:3|c|#method:GET,service:petclinic",
          "http_request.response_time:12|ms|#service:petclinic",
          "http_request.response_time:3.5|ms|#service:petclinic",
          "http_request.active:4|g|#service:petclinic",
          "users:42|s|#service:petclinic",
          "size:100|h|#service:petclinic",
          "size:7|d|#service:petclinic");
      // The gauge keeps being reported; the counter only when it moved.
      daemon.awaitLines(lines -> lines.stream().filter(l -> l.startsWith("http_request.active"))
          .count() >= 3);
      assertThat(daemon.lines).filteredOn(l -> l.startsWith("http_request:")).hasSize(1);
    }
    assertThat(errors).isEmpty();
  }

  @Test
  void returnsOneHandlePerNameAndTags() {
    try (StatsdClient client = StatsdClient.start(config().build())) {
      assertThat(client.counter("c", "k", "v")).isSameAs(client.counter("c", "k", "v"));
      assertThat(client.timer("t", "k", "v")).isSameAs(client.timer("t", "k", "v"));
      assertThat(client.timer("t", "k", "v")).isNotSameAs(client.timer("t", "k", "w"));
      assertThat(client.gauge("g")).isSameAs(client.gauge("g"));
    }
  }

  @Test
  void sumsCountersExactlyAcrossThreads() throws Exception {
    int threads = 8;
    int increments = 100_000;
    try (StatsdClient client = StatsdClient.start(config().build())) {
      Counter counter = client.counter("hits", "route", "/x");
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread worker = new Thread(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            return;
          }
          for (int i = 0; i < increments; i++) {
            counter.increment();
          }
        });
        worker.start();
        workers.add(worker);
      }
      start.countDown(); // flushes run every 20 ms while the threads increment
      for (Thread worker : workers) {
        worker.join();
      }
      daemon.awaitLines(lines -> sum(lines, "hits:") == (long) threads * increments);
      assertThat(daemon.lines).allMatch(l -> l.matches("hits:[0-9]+\\|c\\|#route:/x"));
    }
  }

  @Test
  void packsLinesIntoDatagramsNoLargerThanMaxPacket() throws Exception {
    int maxPacket = 100;
    try (StatsdClient client = StatsdClient.start(config().maxPacket(maxPacket).build())) {
      for (int i = 0; i < 200; i++) {
        client.counter("c", "route", "/r" + i).increment();
        client.timer("t", "route", "/r" + i).record(i);
      }
      daemon.awaitLines(lines -> lines.size() >= 400);
      assertThat(daemon.datagrams).allMatch(d -> d.length() <= maxPacket);
      assertThat(daemon.datagrams).anyMatch(d -> d.contains("\n"));
      assertThat(daemon.lines).hasSize(400).doesNotContain("");
    }
  }

  @Test
  void dropsAndCountsWhenTheQueueIsFullWithoutBlocking() throws Exception {
    try (StatsdClient client = StatsdClient.start(config().queueCapacity(16).build())) {
      Timer timer = client.timer("t");
      client.pauseSender(true);
      for (int i = 0; i < 10_000; i++) {
        timer.record(1); // returns at once even though nobody drains
      }
      assertThat(client.droppedCount()).isEqualTo(10_000 - 16);
      client.pauseSender(false);

      daemon.awaitLines(lines -> lines.contains("reqtrace.dropped:9984|c|#exporter:statsd")
          && lines.stream().filter("t:1|ms"::equals).count() == 16);
    }
    assertThat(errors).containsExactly(
        "QUEUE_FULL statsd: sample queue full, 9984 samples dropped; raise the queue capacity");
  }

  @Test
  void closeSendsEverythingPending() throws Exception {
    StatsdClient client = StatsdClient.start(config().flushInterval(Duration.ofHours(1))
        .format(StatsdFormat.ETSY).prefix("app").build());
    client.counter("c", "k", "v").add(5);
    client.timer("t").record(9);
    client.gauge("g").set(-2);
    client.close();
    client.close();
    daemon.awaitLines(lines -> lines.size() >= 4);
    assertThat(daemon.lines).containsExactlyInAnyOrder(
        "app.t:9|ms", "app.c.v:5|c", "app.g:0|g", "app.g:-2|g");
    assertThat(daemon.lines.indexOf("app.g:0|g")).isLessThan(daemon.lines.indexOf("app.g:-2|g"));
  }

  @Test
  void sampledTimerSendsAFractionMarkedWithTheRateButCountersStayExact() throws Exception {
    try (StatsdClient client = StatsdClient.start(config().sampleRate(0.25)
        .format(StatsdFormat.TELEGRAF).build())) {
      Timer timer = client.timer("t");
      Counter counter = client.counter("c");
      for (int i = 0; i < 4000; i++) {
        timer.record(1);
        counter.increment();
      }
      daemon.awaitLines(lines -> sum(lines, "c:") == 4000);
      long samples = daemon.drainFor(100).stream().filter(l -> l.startsWith("t:")).count();
      assertThat(daemon.lines).filteredOn(l -> l.startsWith("t:"))
          .allMatch("t:1|ms|@0.25"::equals);
      assertThat(samples).isBetween(800L, 1200L); // mean 1000, sd 27
    }
  }

  private static long sum(List<String> lines, String prefix) {
    long total = 0;
    for (String line : lines) {
      if (line.startsWith(prefix)) {
        total += Long.parseLong(line.substring(prefix.length(), line.indexOf('|')));
      }
    }
    return total;
  }
}
