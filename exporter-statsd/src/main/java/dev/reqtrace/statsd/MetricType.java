package dev.reqtrace.statsd;

/** The StatsD metric types; each flavor maps them to the type code its daemon understands. */
enum MetricType {
  COUNTER("c"),
  TIMER("ms"),
  GAUGE("g"),
  SET("s"),
  HISTOGRAM("h"),
  DISTRIBUTION("d");

  /** The type code of the protocol that has this type natively (DogStatsD has all six). */
  final String code;

  MetricType(String code) {
    this.code = code;
  }
}
