package dev.reqtrace.agent.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reqtrace.agent.config.Config;
import dev.reqtrace.bootstrap.Activation;
import dev.reqtrace.bootstrap.RequestScope;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

/** {@code http_request.error}, received by a real loopback socket. */
class StatsdErrorCountTest {
  private static final Pattern LINE = Pattern.compile("(http_request\\.error):(\\d+)\\|(c\\|#.*)");

  @Test
  void countsErrorsPerRouteAndExceptionSimpleName() throws Exception {
    try (DatagramSocket socket = new DatagramSocket(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      socket.setSoTimeout(100);
      Config config = Config.resolve("service=shop,statsd.port=" + socket.getLocalPort()
          + ",statsd.flush_interval=10ms,metrics.interval=1h", Map.of(), new Properties(),
          problem -> { throw new AssertionError(problem); });
      try (StatsdExporter exporter = StatsdExporter.start(config, NOPLogger.NOP_LOGGER)) {
        exporter.accept(ended("GET", 500, new IllegalStateException("4111 1111 1111 1111")), "/fail");
        exporter.accept(ended("GET", 500, new IllegalStateException()), "/fail");
        exporter.accept(ended("GET", 503, null), "/fail");
        exporter.accept(ended("GET", 404, null), "/fail");
        exporter.accept(ended("GET", 200, new RuntimeException() { }), "/anon");

        // Counters may be summed between flushes (":2|c"): compare the totals per tag set.
        Map<String, Integer> totals = await(socket, 4);
        assertThat(totals).containsExactlyInAnyOrderEntriesOf(Map.of(
            "http_request.error|c|#route:/fail,exception:IllegalStateException,service:shop", 2,
            "http_request.error|c|#route:/fail,exception:none,service:shop", 1,
            "http_request.error|c|#route:/anon,exception:StatsdErrorCountTest_1,service:shop", 1));
      }
    }
  }

  private static RequestScope ended(String method, int status, Throwable thrown) {
    Activation activation = RequestScope.start(method, "/x", null, null);
    activation.end(status, thrown, null);
    return activation.scope();
  }

  /** {@code http_request.error} lines as "name|type|tags" to summed count, until {@code total}. */
  private static Map<String, Integer> await(DatagramSocket socket, int total) throws Exception {
    Map<String, Integer> totals = new TreeMap<>();
    int seen = 0;
    byte[] buffer = new byte[65_536];
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (seen < total && System.nanoTime() < deadline) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (SocketTimeoutException e) {
        continue;
      }
      for (String line : new String(packet.getData(), 0, packet.getLength(),
          StandardCharsets.UTF_8).split("\n")) {
        Matcher m = LINE.matcher(line);
        if (m.matches()) {
          int count = Integer.parseInt(m.group(2));
          totals.merge(m.group(1) + "|" + m.group(3), count, Integer::sum);
          seen += count;
        }
      }
    }
    return totals;
  }
}
