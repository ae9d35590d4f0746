package dev.reqtrace.statsd;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The client's meters: one handle per distinct line template (so asking twice for the same
 * name and tags returns the same handle and sums into one line), and the arrays the sender
 * walks. Creation is synchronized and copies the arrays; the hot path never comes here.
 */
final class MeterRegistry {
  private final ConcurrentHashMap<String, Object> byKey = new ConcurrentHashMap<>();
  private volatile Counter[] counters = new Counter[0];
  private volatile Gauge[] gauges = new Gauge[0];
  /** Indexed by {@link SampledMeter#id}, the number carried through the ring. */
  private volatile SampledMeter[] sampled = new SampledMeter[0];

  Counter counter(MetricType type, LineTemplate template) {
    return (Counter) getOrCreate(type, template, () -> {
      Counter counter = new Counter(template);
      counters = append(counters, counter);
      return counter;
    });
  }

  Gauge gauge(MetricType type, LineTemplate template) {
    return (Gauge) getOrCreate(type, template, () -> {
      Gauge gauge = new Gauge(template);
      gauges = append(gauges, gauge);
      return gauge;
    });
  }

  /** @param factory builds the meter from its id, the next index of the sampled array */
  SampledMeter sampled(MetricType type, LineTemplate template,
      IntFunction<SampledMeter> factory) {
    return (SampledMeter) getOrCreate(type, template, () -> {
      SampledMeter meter = factory.apply(sampled.length);
      sampled = append(sampled, meter);
      return meter;
    });
  }

  private Object getOrCreate(MetricType type, LineTemplate template,
      Supplier<Object> create) {
    // The type is part of the key: etsy writes timers and histograms both as ms.
    String key = type.name() + ' ' + template;
    Object meter = byKey.get(key);
    if (meter != null) {
      return meter;
    }
    synchronized (this) {
      return byKey.computeIfAbsent(key, k -> create.get());
    }
  }

  Counter[] counters() {
    return counters;
  }

  Gauge[] gauges() {
    return gauges;
  }

  SampledMeter sampled(int id) {
    return sampled[id];
  }

  private static <T> T[] append(T[] array, T element) {
    T[] copy = Arrays.copyOf(array, array.length + 1);
    copy[array.length] = element;
    return copy;
  }
}
