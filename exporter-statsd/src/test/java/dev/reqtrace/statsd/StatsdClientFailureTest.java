package dev.reqtrace.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** No daemon, no DNS, oversized lines, a failing handler: nothing reaches the caller. */
class StatsdClientFailureTest {
  private final List<StatsdErrorKind> kinds = new CopyOnWriteArrayList<>();
  private final List<String> messages = new CopyOnWriteArrayList<>();

  private StatsdConfig.Builder config(String host, int port) {
    return StatsdConfig.builder().host(host).port(port).flushInterval(Duration.ofMillis(5))
        .errorHandler((kind, message) -> {
          kinds.add(kind);
          messages.add(message);
        });
  }

  @Test
  void closedPortIsReportedOnceAndNeverThrown() throws Exception {
    int port;
    try (DatagramSocket socket = new DatagramSocket(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      port = socket.getLocalPort();
    }
    try (StatsdClient client = StatsdClient.start(config("127.0.0.1", port).build())) {
      Counter counter = client.counter("c");
      Timer timer = client.timer("t");
      // Every flush sends a line; after the first ICMP port unreachable, writes fail.
      await(() -> {
        counter.increment();
        timer.record(1);
        return client.droppedCount() >= 10;
      });
    }
    assertThat(kinds).containsExactly(StatsdErrorKind.SEND);
    assertThat(messages.get(0)).contains("nothing listens on 127.0.0.1/127.0.0.1:" + port);
  }

  @Test
  void unresolvableHostIsReportedOnceAndNeverThrown() throws Exception {
    try (StatsdClient client = StatsdClient.start(config("nonexistent.invalid", 8125)
        .build())) {
      Counter counter = client.counter("c");
      await(() -> {
        counter.increment();
        client.timer("t").record(1);
        return client.droppedCount() >= 10;
      });
    }
    assertThat(kinds).containsExactly(StatsdErrorKind.RESOLVE);
    assertThat(messages).containsExactly("statsd: cannot resolve host nonexistent.invalid; "
        + "metrics are dropped, retrying in a minute");
  }

  @Test
  void oversizedLineIsDroppedAndTheRestStillArrivesDespiteAThrowingHandler()
      throws Exception {
    try (UdpReceiver daemon = new UdpReceiver();
        StatsdClient client = StatsdClient.start(config("127.0.0.1", daemon.port())
            .maxPacket(64).errorHandler((kind, message) -> {
              kinds.add(kind);
              throw new IllegalStateException("logging is broken");
            }).build())) {
      Counter huge = client.counter("c", "route", "/" + "x".repeat(100));
      huge.increment();
      client.timer("t", "route", "/" + "y".repeat(100)).record(1);
      await(() -> client.droppedCount() >= 2);
      client.counter("ok").increment();
      // The two drops may be reported in one flush or two.
      daemon.awaitLines(lines -> lines.contains("ok:1|c") && lines.stream()
          .filter(l -> l.matches("reqtrace\\.dropped:[12]\\|c\\|#exporter:statsd"))
          .mapToInt(l -> l.charAt("reqtrace.dropped:".length()) - '0').sum() == 2);
    }
    assertThat(kinds).containsExactly(StatsdErrorKind.OVERSIZED_LINE);
  }

  /**
   * An Error on the sender thread (an OutOfMemoryError while the handler formats its message, a
   * StackOverflowError in a logging framework) used to end the thread: no metric was ever sent
   * again and nothing said so, while request threads filled the queue and dropped.
   */
  @Test
  void theSenderOutlivesAnErrorThrownOnItsThread() throws Exception {
    try (UdpReceiver daemon = new UdpReceiver();
        StatsdClient client = StatsdClient.start(config("127.0.0.1", daemon.port())
            .maxPacket(64).errorHandler((kind, message) -> {
              kinds.add(kind);
              throw new OutOfMemoryError("simulated: no heap left to log with");
            }).build())) {
      client.counter("c", "route", "/" + "x".repeat(100)).increment(); // oversized: reported
      await(() -> !kinds.isEmpty());
      client.counter("ok").increment();
      client.timer("t").record(7);
      daemon.awaitLines(lines -> lines.contains("ok:1|c") && lines.contains("t:7|ms"));
    }
    assertThat(kinds).containsExactly(StatsdErrorKind.OVERSIZED_LINE);
  }

  private void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s; errors: " + messages);
      }
      Thread.sleep(1); // pacing of the poll, not synchronisation: the condition decides
    }
  }
}
