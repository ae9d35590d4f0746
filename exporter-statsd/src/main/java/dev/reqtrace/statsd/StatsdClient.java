package dev.reqtrace.statsd;

import java.util.List;

/**
 * A dependency-free, non-blocking StatsD client.
 *
 * <pre>{@code
 * StatsdClient statsd = StatsdClient.start(StatsdConfig.builder()
 *     .host("localhost").port(8125).globalTags(List.of("service:petclinic")).build());
 * Counter requests = statsd.counter("http_request", "method", "GET", "route", "/owners/{id}",
 *     "http_status", "200", "status_class", "2xx");   // once; keep the handle
 * requests.increment();                                // per request: no lock, no allocation
 * }</pre>
 *
 * <p>Meters are created once with their name and tags (alternating key, value); the constant
 * part of their lines is cleaned and encoded then, so recording costs a counter add or an
 * enqueue of two primitives. Asking again for the same meter returns the same handle.
 *
 * <p>What is sent: counters are summed in the client and sent exactly, one line per counter per
 * flush (never sampled); gauges send their last value every flush; each timer, histogram and
 * set sample is one line, timers and histograms kept with probability {@code sampleRate} and
 * marked {@code |@rate}. One daemon thread, {@code reqtrace-statsd}, packs lines into datagrams
 * of at most {@code maxPacket} bytes and sends them every {@code flushInterval} or when a
 * datagram is full.
 *
 * <p>Failure never reaches the caller: a full queue, an unresolvable host, a closed port or an
 * oversized line drops lines, counts them ({@link #droppedCount()}, and the
 * {@code reqtrace.dropped} counter tagged {@code exporter:statsd} in the next flush) and tells
 * the {@link StatsdErrorHandler} at most once per kind per minute. The client registers no
 * shutdown hook: its owner calls {@link #close()}.
 */
public final class StatsdClient implements AutoCloseable {
  private final StatsdConfig config;
  private final String[] globalTags;
  private final MeterRegistry registry = new MeterRegistry();
  private final SampleRing ring;
  private final Drops drops;
  private final Sender sender;

  private StatsdClient(StatsdConfig config) {
    this.config = config;
    this.globalTags = keyValues(config.globalTags());
    this.ring = new SampleRing(config.queueCapacity());
    this.drops = new Drops(counter("reqtrace.dropped", "exporter", "statsd"));
    this.sender = new Sender(config, ring, registry, drops);
  }

  /** Creates a client and starts its sender thread. Does no I/O: the host resolves later. */
  public static StatsdClient start(StatsdConfig config) {
    StatsdClient client = new StatsdClient(config);
    client.sender.start();
    return client;
  }

  /**
   * A counter ({@code |c}).
   *
   * @param tagKeyValues alternating tag key and value; values may be anything, they are cleaned
   * @throws IllegalArgumentException on an odd number of tag strings or a name with no usable
   *     character
   */
  public Counter counter(String name, String... tagKeyValues) {
    return registry.counter(MetricType.COUNTER, template(MetricType.COUNTER, name, 1.0,
        tagKeyValues));
  }

  /** A gauge ({@code |g}); see {@link #counter} for the arguments. */
  public Gauge gauge(String name, String... tagKeyValues) {
    return registry.gauge(MetricType.GAUGE, template(MetricType.GAUGE, name, 1.0,
        tagKeyValues));
  }

  /** A timer ({@code |ms}) with the configured sample rate; see {@link #counter}. */
  public Timer timer(String name, String... tagKeyValues) {
    return timer(name, config.sampleRate(), tagKeyValues);
  }

  /** A timer ({@code |ms}) keeping a fraction {@code sampleRate}, in (0, 1], of samples. */
  public Timer timer(String name, double sampleRate, String... tagKeyValues) {
    LineTemplate template = template(MetricType.TIMER, name, sampleRate, tagKeyValues);
    return (Timer) registry.sampled(MetricType.TIMER, template,
        id -> new Timer(id, template, sampleRate, ring, drops));
  }

  /** A histogram ({@code |h}) with the configured sample rate; see {@link #counter}. */
  public Histogram histogram(String name, String... tagKeyValues) {
    return histogram(name, config.sampleRate(), tagKeyValues);
  }

  /** A histogram ({@code |h}) keeping a fraction {@code sampleRate} of samples. */
  public Histogram histogram(String name, double sampleRate, String... tagKeyValues) {
    return sampledHistogram(MetricType.HISTOGRAM, name, sampleRate, tagKeyValues);
  }

  /** A distribution ({@code |d}) with the configured sample rate; see {@link #counter}. */
  public Histogram distribution(String name, String... tagKeyValues) {
    return distribution(name, config.sampleRate(), tagKeyValues);
  }

  /** A distribution ({@code |d}) keeping a fraction {@code sampleRate} of samples. */
  public Histogram distribution(String name, double sampleRate, String... tagKeyValues) {
    return sampledHistogram(MetricType.DISTRIBUTION, name, sampleRate, tagKeyValues);
  }

  /** A set ({@code |s}), never sampled; see {@link #counter}. */
  public SetMeter set(String name, String... tagKeyValues) {
    LineTemplate template = template(MetricType.SET, name, 1.0, tagKeyValues);
    return (SetMeter) registry.sampled(MetricType.SET, template,
        id -> new SetMeter(id, template, ring, drops));
  }

  /** Lines dropped since start, for any reason (queue full, send failure, oversized). */
  public long droppedCount() {
    return drops.total();
  }

  /** The settings this client runs with. */
  public StatsdConfig config() {
    return config;
  }

  /**
   * Sends everything pending (queued samples, counter sums, gauges) and stops the sender
   * thread, waiting at most the close timeout. Recording afterwards is harmless and sends
   * nothing. Idempotent.
   */
  @Override
  public void close() {
    try {
      sender.stop(config.closeTimeout().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** For tests: a paused sender neither drains nor sends, so the queue fills up. */
  void pauseSender(boolean pause) {
    sender.pause(pause);
  }

  private Histogram sampledHistogram(MetricType type, String name, double sampleRate,
      String[] tagKeyValues) {
    LineTemplate template = template(type, name, sampleRate, tagKeyValues);
    return (Histogram) registry.sampled(type, template,
        id -> new Histogram(id, template, sampleRate, ring, drops));
  }

  private LineTemplate template(MetricType type, String name, double sampleRate,
      String[] tagKeyValues) {
    if (!(sampleRate > 0 && sampleRate <= 1)) {
      throw new IllegalArgumentException("sample rate " + sampleRate + " is not in (0, 1]");
    }
    String[] tags = tagKeyValues == null ? new String[0] : tagKeyValues;
    if (tags.length % 2 != 0) {
      throw new IllegalArgumentException("tags of " + name + " are not key, value pairs: "
          + tags.length + " strings");
    }
    return config.format().lines.template(type, config.prefix(), name, sampleRate, tags,
        globalTags);
  }

  private static String[] keyValues(List<String> tags) {
    String[] keyValues = new String[tags.size() * 2];
    for (int i = 0; i < tags.size(); i++) {
      String tag = tags.get(i);
      int colon = tag.indexOf(':');
      keyValues[2 * i] = tag.substring(0, colon);
      keyValues[2 * i + 1] = tag.substring(colon + 1);
    }
    return keyValues;
  }
}
