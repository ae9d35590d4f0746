package dev.reqtrace.statsd;

import java.math.BigDecimal;
import java.nio.ByteBuffer;

/**
 * Writes lines straight into one reusable datagram buffer and hands it to the sink when the
 * next line would not fit: several {@code \n}-separated lines per datagram, never more than
 * {@code maxPacket} bytes. Owned by the sender thread; no allocation per line (only the rare
 * value that needs {@link BigDecimal}).
 */
final class Packer {
  /** Receives a full or flushed datagram; the buffer is reused after the call returns. */
  interface Sink {
    void send(ByteBuffer packet, int lines);
  }

  private static final int MICROS = 1_000_000;

  private final byte[] packet;
  private final ByteBuffer view;
  private final Sink sink;
  private int length;
  private int lines;
  /** The value of the line being written, right-aligned: {@code number[numberStart..]}. */
  private final byte[] number = new byte[512];
  private int numberStart;

  Packer(int maxPacket, Sink sink) {
    this.packet = new byte[maxPacket];
    this.view = ByteBuffer.wrap(packet);
    this.sink = sink;
  }

  /** Appends {@code head value tail}; false when the line alone exceeds maxPacket (dropped). */
  boolean append(LineTemplate template, long value) {
    formatLong(value);
    return appendFormatted(template);
  }

  /** As {@link #append(LineTemplate, long)}; false also for NaN and infinities. */
  boolean append(LineTemplate template, double value) {
    return formatDouble(value) && appendFormatted(template);
  }

  /**
   * Appends a gauge value. Where a leading minus means "subtract" (etsy, telegraf), a negative
   * value is written as {@code 0} then the value, in one datagram so they arrive in order.
   */
  boolean appendGauge(LineTemplate template, double value) {
    if (!formatDouble(value)) {
      return false;
    }
    if (value >= 0 || !template.negativeGaugeIsDelta) {
      return appendFormatted(template);
    }
    int zeroLine = template.head.length + 1 + template.tail.length;
    if (!reserve(zeroLine + 1 + lineLength(template))) {
      return false;
    }
    write(template.head);
    packet[length++] = '0';
    write(template.tail);
    packet[length++] = '\n';
    writeLine(template);
    lines += 2;
    return true;
  }

  /** Sends the pending datagram, if any. */
  void flush() {
    if (length > 0) {
      view.clear().limit(length);
      int sent = lines;
      length = 0;
      lines = 0;
      sink.send(view, sent);
    }
  }

  private boolean appendFormatted(LineTemplate template) {
    if (!reserve(lineLength(template))) {
      return false;
    }
    writeLine(template);
    lines++;
    return true;
  }

  private int lineLength(LineTemplate template) {
    return template.head.length + (number.length - numberStart) + template.tail.length;
  }

  /** Makes room for {@code unit} bytes (plus a separator), sending first if needed. */
  private boolean reserve(int unit) {
    if (unit > packet.length) {
      return false;
    }
    if (length > 0 && length + 1 + unit > packet.length) {
      flush();
    }
    if (length > 0) {
      packet[length++] = '\n';
    }
    return true;
  }

  private void writeLine(LineTemplate template) {
    write(template.head);
    int n = number.length - numberStart;
    System.arraycopy(number, numberStart, packet, length, n);
    length += n;
    write(template.tail);
  }

  private void write(byte[] bytes) {
    System.arraycopy(bytes, 0, packet, length, bytes.length);
    length += bytes.length;
  }

  private void formatLong(long value) {
    if (value == Long.MIN_VALUE) {
      formatText(Long.toString(value));
      return;
    }
    int i = number.length;
    long v = Math.abs(value);
    do {
      number[--i] = (byte) ('0' + v % 10);
      v /= 10;
    } while (v != 0);
    if (value < 0) {
      number[--i] = '-';
    }
    numberStart = i;
  }

  /**
   * Plain decimal, at most six fractional digits (a microsecond of a millisecond timer), never
   * an exponent: {@code 1.0E-4} is not a number to every daemon.
   */
  private boolean formatDouble(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return false;
    }
    double abs = Math.abs(value);
    if (abs < 9.0e18 && value == Math.rint(value)) {
      formatLong((long) value);
    } else if (abs < 1.0e12) {
      long scaled = Math.round(abs * MICROS);
      long fraction = scaled % MICROS;
      formatLong(scaled / MICROS);
      if (fraction != 0) {
        insertFraction(fraction);
      }
      if (value < 0 && scaled != 0) {
        number[--numberStart] = '-';
      }
    } else {
      formatText(BigDecimal.valueOf(value).toPlainString());
    }
    return true;
  }

  /** Moves the integer digits left and appends {@code .ffffff} without trailing zeros. */
  private void insertFraction(long fraction) {
    int digits = 6;
    while (fraction % 10 == 0) {
      fraction /= 10;
      digits--;
    }
    int intLength = number.length - numberStart;
    int newStart = numberStart - digits - 1;
    System.arraycopy(number, numberStart, number, newStart, intLength);
    int i = number.length;
    for (int d = 0; d < digits; d++) {
      number[--i] = (byte) ('0' + fraction % 10);
      fraction /= 10;
    }
    number[--i] = '.';
    numberStart = newStart;
  }

  private void formatText(String text) {
    numberStart = number.length - text.length();
    for (int i = 0; i < text.length(); i++) {
      number[numberStart + i] = (byte) text.charAt(i);
    }
  }
}
