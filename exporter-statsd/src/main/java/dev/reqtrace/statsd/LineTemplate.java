package dev.reqtrace.statsd;

import java.nio.charset.StandardCharsets;

/**
 * The constant bytes of one meter's lines, encoded once when the meter is created: a line is
 * {@code head + value + tail}. In every flavor the value is the only part that varies, and it
 * sits between the name (with telegraf tags) and the type, rate and dogstatsd tags.
 */
final class LineTemplate {
  /** Sanitized name (prefix, etsy tag values or telegraf tags included) and {@code :}. */
  final byte[] head;
  /** {@code |type}, then {@code |@rate} when sampled, then dogstatsd {@code |#tags}. */
  final byte[] tail;
  /**
   * Etsy and telegraf read {@code -5|g} as "subtract 5": a negative gauge is sent as
   * {@code 0|g} followed by the delta, in the same datagram so the order survives.
   */
  final boolean negativeGaugeIsDelta;

  LineTemplate(String head, String tail, boolean negativeGaugeIsDelta) {
    // Sanitized parts are pure ASCII, so this is byte-for-char.
    this.head = head.getBytes(StandardCharsets.US_ASCII);
    this.tail = tail.getBytes(StandardCharsets.US_ASCII);
    this.negativeGaugeIsDelta = negativeGaugeIsDelta;
  }

  /** The template as text, for error messages and tests ({@code name:#|c|#k:v}). */
  @Override
  public String toString() {
    return new String(head, StandardCharsets.US_ASCII) + "#"
        + new String(tail, StandardCharsets.US_ASCII);
  }
}
