package dev.reqtrace.statsd;

/** What went wrong; the client reports each kind at most once a minute. */
public enum StatsdErrorKind {
  /** The host name did not resolve; retried at most once a minute, lines dropped meanwhile. */
  RESOLVE,
  /** A datagram was not sent: ICMP port unreachable (no daemon), no route, buffer full. */
  SEND,
  /** Request threads found the sample queue full; samples were dropped. */
  QUEUE_FULL,
  /** A line was longer than the maximum packet size and was dropped. */
  OVERSIZED_LINE,
  /** An unexpected exception in the sender thread, which carries on. */
  INTERNAL
}
