package dev.reqtrace.statsd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Immutable settings of a {@link StatsdClient}. Built with {@link #builder()}; {@link
 * Builder#build()} checks every setting and reports all problems in one exception, so an
 * operator fixes a bad configuration in one round.
 */
public final class StatsdConfig {
  /** Largest UDP payload over IPv4. */
  static final int MAX_DATAGRAM = 65_507;
  /** Longest flush interval {@link Builder#build()} accepts. */
  public static final Duration MAX_FLUSH_INTERVAL = Duration.ofHours(1);

  private final String host;
  private final int port;
  private final StatsdFormat format;
  private final String prefix;
  private final double sampleRate;
  private final int maxPacket;
  private final Duration flushInterval;
  private final int queueCapacity;
  private final List<String> globalTags;
  private final Duration closeTimeout;
  private final StatsdErrorHandler errorHandler;

  private StatsdConfig(Builder b) {
    host = b.host.trim();
    port = b.port;
    format = b.format;
    prefix = Sanitizer.dotted(b.prefix);
    sampleRate = b.sampleRate;
    maxPacket = b.maxPacket;
    flushInterval = b.flushInterval;
    queueCapacity = Integer.highestOneBit(b.queueCapacity - 1) << 1;
    globalTags = Collections.unmodifiableList(new ArrayList<>(b.globalTags));
    closeTimeout = b.closeTimeout;
    errorHandler = b.errorHandler;
  }

  /** A builder with the defaults: {@code localhost:8125}, dogstatsd, no prefix, rate 1. */
  public static Builder builder() {
    return new Builder();
  }

  /** Daemon host name or address; resolved lazily by the sender thread. */
  public String host() {
    return host;
  }

  /** Daemon UDP port. */
  public int port() {
    return port;
  }

  /** Line dialect. */
  public StatsdFormat format() {
    return format;
  }

  /** Cleaned dotted prefix put before every name, or "" for none. */
  public String prefix() {
    return prefix;
  }

  /** Default sample rate of timers and histograms. */
  public double sampleRate() {
    return sampleRate;
  }

  /** Maximum datagram payload in bytes. */
  public int maxPacket() {
    return maxPacket;
  }

  /** How often counters and gauges are sent and pending lines flushed. */
  public Duration flushInterval() {
    return flushInterval;
  }

  /** Sample queue slots, the requested capacity rounded up to a power of two. */
  public int queueCapacity() {
    return queueCapacity;
  }

  /** Tags of every meter, each {@code key:value}. */
  public List<String> globalTags() {
    return globalTags;
  }

  /** How long {@link StatsdClient#close()} waits for the final flush. */
  public Duration closeTimeout() {
    return closeTimeout;
  }

  /** Receiver of errors, at most one call per kind per minute. */
  public StatsdErrorHandler errorHandler() {
    return errorHandler;
  }

  @Override
  public String toString() {
    return format + " to " + host + ":" + port + (prefix.isEmpty() ? "" : ", prefix " + prefix)
        + (sampleRate < 1 ? ", sample rate " + sampleRate : "")
        + (globalTags.isEmpty() ? "" : ", tags " + String.join(",", globalTags));
  }

  /** Mutable builder; every setter returns {@code this}. */
  public static final class Builder {
    private String host = "localhost";
    private int port = 8125;
    private StatsdFormat format = StatsdFormat.DOGSTATSD;
    private String prefix = "";
    private double sampleRate = 1.0;
    private int maxPacket = 1432;
    private Duration flushInterval = Duration.ofSeconds(1);
    private int queueCapacity = 8192;
    private List<String> globalTags = Collections.emptyList();
    private Duration closeTimeout = Duration.ofSeconds(1);
    private StatsdErrorHandler errorHandler = (kind, message) -> System.err.println(
        "[reqtrace] " + message);

    private Builder() {}

    /** Daemon host (default {@code localhost}). */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** Daemon port (default 8125). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Line dialect (default {@link StatsdFormat#DOGSTATSD}). */
    public Builder format(StatsdFormat format) {
      this.format = format;
      return this;
    }

    /** Dotted prefix of every name (default none); cleaned like a metric name. */
    public Builder prefix(String prefix) {
      this.prefix = prefix == null ? "" : prefix;
      return this;
    }

    /** Default sample rate of timers and histograms, in (0, 1] (default 1). */
    public Builder sampleRate(double sampleRate) {
      this.sampleRate = sampleRate;
      return this;
    }

    /** Maximum datagram payload, 64..65507 bytes (default 1432, fits an Ethernet MTU). */
    public Builder maxPacket(int maxPacket) {
      this.maxPacket = maxPacket;
      return this;
    }

    /** Flush period, 1 ms..1 h (default 1 s). */
    public Builder flushInterval(Duration flushInterval) {
      this.flushInterval = flushInterval;
      return this;
    }

    /** Sample queue slots, 2..16M, rounded up to a power of two (default 8192). */
    public Builder queueCapacity(int queueCapacity) {
      this.queueCapacity = queueCapacity;
      return this;
    }

    /** Tags of every meter, each {@code key:value}, e.g. {@code service:petclinic}. */
    public Builder globalTags(List<String> globalTags) {
      this.globalTags = globalTags == null ? Collections.emptyList() : globalTags;
      return this;
    }

    /** Bound on the wait for the final flush in {@code close()} (default 1 s). */
    public Builder closeTimeout(Duration closeTimeout) {
      this.closeTimeout = closeTimeout;
      return this;
    }

    /** Where errors go (default: one line on stderr). */
    public Builder errorHandler(StatsdErrorHandler errorHandler) {
      this.errorHandler = errorHandler;
      return this;
    }

    /**
     * Checks every setting.
     *
     * @throws IllegalArgumentException listing every invalid setting
     */
    public StatsdConfig build() {
      List<String> problems = new ArrayList<>();
      if (host == null || host.trim().isEmpty()) {
        problems.add("host is empty");
      }
      check(problems, port >= 1 && port <= 65_535, "port " + port + " is not in 1..65535");
      check(problems, format != null, "format is missing");
      check(problems, sampleRate > 0 && sampleRate <= 1,
          "sample rate " + sampleRate + " is not in (0, 1]");
      check(problems, maxPacket >= 64 && maxPacket <= MAX_DATAGRAM,
          "max packet " + maxPacket + " is not in 64.." + MAX_DATAGRAM);
      check(problems, flushInterval != null && flushInterval.toMillis() >= 1
          && flushInterval.compareTo(MAX_FLUSH_INTERVAL) <= 0,
          "flush interval " + flushInterval + " is not in 1ms..1h");
      check(problems, queueCapacity >= 2 && queueCapacity <= 1 << 24,
          "queue capacity " + queueCapacity + " is not in 2..16777216");
      check(problems, closeTimeout != null && !closeTimeout.isNegative(),
          "close timeout " + closeTimeout + " is negative");
      check(problems, errorHandler != null, "error handler is missing");
      for (String tag : globalTags) {
        check(problems, tag != null && tag.indexOf(':') > 0,
            "global tag '" + tag + "' is not key:value");
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("invalid statsd settings: "
            + String.join("; ", problems));
      }
      return new StatsdConfig(this);
    }

    private static void check(List<String> problems, boolean ok, String problem) {
      if (!ok) {
        problems.add(problem);
      }
    }
  }
}
