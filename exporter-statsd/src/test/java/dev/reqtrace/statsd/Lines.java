package dev.reqtrace.statsd;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helper: runs the real template and packer and returns the datagrams as text. */
final class Lines {
  private Lines() {}

  static LineTemplate template(StatsdFormat format, MetricType type, String prefix,
      String name, double rate, String[] tags, String... globalTags) {
    return format.lines.template(type, Sanitizer.dotted(prefix), name, rate, tags, globalTags);
  }

  static String encode(StatsdFormat format, MetricType type, String name, long value,
      String... tags) {
    return encode(template(format, type, "", name, 1.0, tags), value);
  }

  static String encode(LineTemplate template, long value) {
    Capture capture = new Capture(1432);
    capture.packer.append(template, value);
    return capture.flush();
  }

  static String encode(LineTemplate template, double value) {
    Capture capture = new Capture(1432);
    capture.packer.append(template, value);
    return capture.flush();
  }

  static String gauge(LineTemplate template, double value) {
    Capture capture = new Capture(1432);
    capture.packer.appendGauge(template, value);
    return capture.flush();
  }

  /** A packer whose datagrams are kept as strings. */
  static final class Capture implements Packer.Sink {
    final List<String> datagrams = new ArrayList<>();
    final List<Integer> lineCounts = new ArrayList<>();
    final Packer packer;

    Capture(int maxPacket) {
      packer = new Packer(maxPacket, this);
    }

    @Override
    public void send(ByteBuffer packet, int lines) {
      byte[] bytes = new byte[packet.remaining()];
      packet.get(bytes);
      datagrams.add(new String(bytes, StandardCharsets.US_ASCII));
      lineCounts.add(lines);
    }

    String flush() {
      packer.flush();
      return String.join("|||", datagrams);
    }
  }
}
