package dev.reqtrace.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PackerTest {
  private static final LineTemplate TEMPLATE = Lines.template(StatsdFormat.DOGSTATSD,
      MetricType.TIMER, "", "t", 1.0, new String[] {"k", "v"});

  @Test
  void packsLinesUpToTheLimitAndNeverBeyond() {
    // "t:N|ms|#k:v" is 11 bytes for one digit; two lines and a newline make 23.
    Lines.Capture capture = new Lines.Capture(23);
    for (int i = 0; i < 5; i++) {
      assertThat(capture.packer.append(TEMPLATE, i)).isTrue();
    }
    capture.packer.flush();
    assertThat(capture.datagrams).containsExactly(
        "t:0|ms|#k:v\nt:1|ms|#k:v", "t:2|ms|#k:v\nt:3|ms|#k:v", "t:4|ms|#k:v");
    assertThat(capture.lineCounts).containsExactly(2, 2, 1);
  }

  @Test
  void dropsALineLongerThanAPacketAndKeepsGoing() {
    Lines.Capture capture = new Lines.Capture(11);
    assertThat(capture.packer.append(TEMPLATE, 7)).isTrue();
    assertThat(capture.packer.append(TEMPLATE, 10)).isFalse();
    assertThat(capture.packer.append(TEMPLATE, 8)).isTrue();
    capture.packer.flush();
    assertThat(capture.datagrams).containsExactly("t:7|ms|#k:v", "t:8|ms|#k:v");
  }

  @Test
  void keepsTheResetAndTheDeltaOfANegativeGaugeInOneDatagram() {
    LineTemplate gauge = Lines.template(StatsdFormat.ETSY, MetricType.GAUGE, "", "g", 1.0,
        new String[0]);
    Lines.Capture capture = new Lines.Capture(14);
    capture.packer.appendGauge(gauge, 5);
    capture.packer.appendGauge(gauge, -5);
    capture.packer.flush();
    assertThat(capture.datagrams).containsExactly("g:5|g", "g:0|g\ng:-5|g");
  }

  @Test
  void flushWithNothingPendingSendsNothing() {
    Lines.Capture capture = new Lines.Capture(100);
    capture.packer.flush();
    assertThat(capture.datagrams).isEmpty();
  }
}
