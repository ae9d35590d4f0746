package dev.reqtrace.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;

/**
 * The real Etsy StatsD daemon (npm statsd, pinned in tools/package-lock.json) on loopback, with the
 * console backend. Its management interface shows only the current flush interval (counters are
 * reset to 0 at every flush), so totals come from the console backend instead: every flush prints
 * the counters, gauges and timer_data of that interval as a JavaScript object literal, which
 * {@link JsLiteral} reads. Missing node or daemon is an error, never a skip.
 */
final class StatsdDaemon implements AutoCloseable {
  private static final String FLUSH = "Flushing stats at";

  private final Process process;
  private final int port;
  private final PrintWriter logFile;
  private final Thread pump;
  private final List<Map<String, Object>> flushes = new ArrayList<>(); // guarded by this
  private final List<String> lines = new ArrayList<>(); // guarded by this

  private StatsdDaemon(Process process, int port, PrintWriter logFile) {
    this.process = process;
    this.port = port;
    this.logFile = logFile;
    this.pump = new Thread(this::read, "it-pump-statsd");
    pump.setDaemon(true);
    pump.start();
  }

  /** Starts the daemon on a free loopback UDP port and waits until it listens. */
  static StatsdDaemon start(String name) {
    Path root = Harness.moduleDir().resolveSibling("tools").normalize();
    Path stats = root.resolve("node_modules/statsd/stats.js");
    if (!Files.isRegularFile(stats)) {
      throw new AssertionError("the StatsD daemon is missing: " + stats
          + " (run: bash scripts/install-test-deps.sh)");
    }
    try {
      int udp = freeUdpPort();
      int mgmt = TestApp.freePort();
      Path dir = Files.createDirectories(Harness.moduleDir().resolve("target/it-statsd"));
      Path config = dir.resolve(name + ".js");
      Files.writeString(config, "{ port: " + udp + ", address: \"127.0.0.1\", mgmt_port: " + mgmt
          + ", mgmt_address: \"127.0.0.1\", backends: [\"./backends/console\"],"
          + " dumpMessages: true, flushInterval: 1000 }\n");
      Path logs = Files.createDirectories(Harness.moduleDir().resolve("target/it-logs"));
      PrintWriter log = new PrintWriter(
          Files.newBufferedWriter(logs.resolve(name + "-statsd.log")), true);
      Process process;
      try {
        process = new ProcessBuilder("node", stats.toString(), config.toString())
            .directory(stats.getParent().toFile())
            .redirectErrorStream(true)
            .start();
      } catch (IOException e) {
        log.close();
        throw new AssertionError("cannot run node (needed for the StatsD daemon; run: bash"
            + " scripts/install-test-deps.sh): " + e, e);
      }
      StatsdDaemon daemon = new StatsdDaemon(process, udp, log);
      try {
        daemon.awaitLine(l -> l.contains("server is up"), Duration.ofSeconds(30));
      } catch (RuntimeException | Error e) {
        daemon.close();
        throw e;
      }
      return daemon;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The UDP port it listens on. */
  int port() {
    return port;
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      StringBuilder block = null;
      for (String line; (line = in.readLine()) != null; ) {
        logFile.println(line);
        if (block != null) {
          block.append(line).append('\n');
          // console.log of the flush object: it starts with "{" and ends with "}" at column 0.
          if (line.equals("}")) {
            Map<String, Object> flush = JsLiteral.parseObject(block.toString());
            block = null;
            synchronized (this) {
              flushes.add(flush);
              notifyAll();
            }
          }
          continue;
        }
        if (line.startsWith(FLUSH)) {
          block = new StringBuilder();
        }
        synchronized (this) {
          lines.add(line);
          notifyAll();
        }
      }
    } catch (IOException | RuntimeException e) {
      synchronized (this) {
        lines.add("# harness: statsd pump failed: " + e);
        notifyAll();
      }
      logFile.println("# harness: statsd pump failed: " + e);
    }
  }

  private synchronized void awaitLine(Predicate<String> matcher, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (lines.stream().noneMatch(matcher)) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !process.isAlive()) {
        throw new AssertionError("statsd daemon did not start: " + String.join("\n", lines));
      }
      waitMillis(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 200));
    }
  }

  private void waitMillis(long millis) {
    try {
      wait(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Flushes parsed so far. */
  synchronized int flushCount() {
    return flushes.size();
  }

  /** Waits until {@code more} further flushes arrived (each second). */
  synchronized void awaitFlushes(int more, Duration timeout) {
    int target = flushes.size() + more;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (flushes.size() < target) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        throw new AssertionError("statsd daemon flushed " + flushes.size() + " times, expected "
            + target + (process.isAlive() ? "" : " (daemon exited)"));
      }
      waitMillis(200);
    }
  }

  /** The sum of counter {@code key} over every flush. */
  synchronized long counterTotal(String key) {
    long total = 0;
    for (Map<String, Object> flush : flushes) {
      Object value = section(flush, "counters").get(key);
      if (value instanceof Double) {
        total += Math.round((Double) value);
      }
    }
    return total;
  }

  /** Waits until {@code counterTotal(key) >= expected} and returns it. */
  long awaitCounter(String key, long expected, Duration timeout) {
    return (long) awaitValue(() -> counterTotal(key), v -> v >= expected, String.valueOf(expected),
        timeout, "counter " + key);
  }

  /** The sum of timer_data count of {@code key} over every flush (sample rate already undone). */
  synchronized double timerCount(String key) {
    double total = 0;
    for (Map<String, Object> flush : flushes) {
      Object data = section(flush, "timer_data").get(key);
      if (data instanceof Map) {
        total += (Double) ((Map<?, ?>) data).get("count");
      }
    }
    return total;
  }

  /** Waits until {@code timerCount(key) >= expected} and returns it. */
  double awaitTimerCount(String key, double expected, Duration timeout) {
    return awaitValue(() -> timerCount(key), v -> v >= expected, String.valueOf(expected), timeout,
        "timer " + key);
  }

  /** The timer_data of {@code key} of every flush that had samples. */
  synchronized List<Map<String, Object>> timerData(String key) {
    List<Map<String, Object>> data = new ArrayList<>();
    for (Map<String, Object> flush : flushes) {
      Object d = section(flush, "timer_data").get(key);
      if (d instanceof Map && ((Double) ((Map<?, ?>) d).get("count")) > 0) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) d;
        data.add(m);
      }
    }
    return data;
  }

  /** The last value of every gauge seen. */
  synchronized Map<String, Double> gauges() {
    Map<String, Double> gauges = new LinkedHashMap<>();
    for (Map<String, Object> flush : flushes) {
      section(flush, "gauges").forEach((k, v) -> {
        if (v instanceof Double) {
          gauges.put(k, (Double) v);
        }
      });
    }
    return gauges;
  }

  /** Waits until the last value of gauge {@code key} passes {@code test}, and returns it. */
  double awaitGauge(String key, DoublePredicate test, String expected, Duration timeout) {
    // NaN while the gauge has not arrived: no test here passes it.
    return awaitValue(() -> gauges().getOrDefault(key, Double.NaN), test, expected, timeout,
        "gauge " + key);
  }

  /** Every counter key with a non-zero total. */
  synchronized List<String> counterKeys() {
    List<String> keys = new ArrayList<>();
    for (Map<String, Object> flush : flushes) {
      section(flush, "counters").forEach((k, v) -> {
        if (v instanceof Double && (Double) v != 0 && !keys.contains(k)) {
          keys.add(k);
        }
      });
    }
    return keys;
  }

  private synchronized double awaitValue(DoubleSupplier value, DoublePredicate test,
      String expected, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    double now;
    while (!test.test(now = value.getAsDouble())) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        throw new AssertionError("statsd daemon: " + what + " reached " + now + ", expected "
            + expected + " within " + timeout + "; counters seen: " + counterKeys()
            + ", gauges seen: " + gauges().keySet());
      }
      waitMillis(200);
    }
    return now;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(Map<String, Object> flush, String name) {
    Object section = flush.get(name);
    return section instanceof Map ? (Map<String, Object>) section : Map.of();
  }

  /** A UDP port free right now on loopback. */
  static int freeUdpPort() {
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      pump.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      logFile.close();
    }
  }
}
