package dev.reqtrace.agent.statsd;

import dev.reqtrace.bootstrap.RequestScope;
import dev.reqtrace.statsd.Gauge;
import dev.reqtrace.statsd.StatsdClient;
import java.io.File;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the JVM, process and disk gauges every {@code reqtrace.metrics.interval} on the daemon
 * thread {@code reqtrace-metrics}, off every request path.
 */
final class SystemGauges implements AutoCloseable {
  private static final Path PROC_STATUS = Paths.get("/proc/self/status");

  private final ScheduledExecutorService scheduler;
  private final Gauge heapUsed;
  private final Gauge heapCommitted;
  private final Gauge gcCount;
  private final Gauge gcTime;
  private final Gauge threads;
  private final Gauge cpu;
  private final Gauge rss;
  private final Gauge diskFree;
  private final Gauge active;
  private final File workingDirectory = new File(".").getAbsoluteFile();

  private SystemGauges(StatsdClient client) {
    heapUsed = client.gauge("jvm.memory.heap.used");
    heapCommitted = client.gauge("jvm.memory.heap.committed");
    gcCount = client.gauge("jvm.gc.count");
    gcTime = client.gauge("jvm.gc.time");
    threads = client.gauge("jvm.threads.count");
    cpu = client.gauge("process.cpu.usage");
    rss = client.gauge("process.memory.rss");
    diskFree = client.gauge("disk.free");
    active = client.gauge("http_request.active");
    scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "reqtrace-metrics");
      thread.setDaemon(true);
      return thread;
    });
  }

  static SystemGauges start(StatsdClient client, Duration interval) {
    SystemGauges gauges = new SystemGauges(client);
    gauges.scheduler.scheduleAtFixedRate(gauges::sample, 0, interval.toMillis(),
        TimeUnit.MILLISECONDS);
    return gauges;
  }

  private void sample() {
    try {
      MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
      heapUsed.set(heap.getUsed());
      heapCommitted.set(heap.getCommitted());
      long count = 0;
      long time = 0;
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        count += Math.max(0, gc.getCollectionCount());
        time += Math.max(0, gc.getCollectionTime());
      }
      gcCount.set(count);
      gcTime.set(time);
      threads.set(ManagementFactory.getThreadMXBean().getThreadCount());
      java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
      if (os instanceof com.sun.management.OperatingSystemMXBean) {
        double load = ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuLoad();
        if (load >= 0) {
          cpu.set(load);
        }
      }
      long rssBytes = residentSetBytes();
      if (rssBytes > 0) {
        rss.set(rssBytes);
      }
      diskFree.set(workingDirectory.getUsableSpace());
      active.set(RequestScope.activeCount());
    } catch (Throwable e) {
      // A missing MXBean on an exotic JVM costs that gauge, never the sampling: anything thrown out
      // of a scheduled task cancels it for good (an OutOfMemoryError here once would leave every
      // jvm.* gauge repeating its last value, a flat line instead of a gap).
    }
  }

  /** VmRSS from /proc on Linux; 0 elsewhere. */
  private static long residentSetBytes() {
    try {
      for (String line : Files.readAllLines(PROC_STATUS, StandardCharsets.US_ASCII)) {
        if (line.startsWith("VmRSS:")) {
          String kb = line.substring(6).trim().split("\\s+")[0];
          return Long.parseLong(kb) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
