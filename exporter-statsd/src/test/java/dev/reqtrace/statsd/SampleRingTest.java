package dev.reqtrace.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SampleRingTest {

  @Test
  void deliversInOrderAndRefusesWhenFull() {
    SampleRing ring = new SampleRing(4);
    for (int i = 0; i < 4; i++) {
      assertThat(ring.offer(i, 10L * i)).isTrue();
    }
    assertThat(ring.offer(9, 9)).isFalse();
    List<String> got = new ArrayList<>();
    assertThat(ring.drain((m, v) -> got.add(m + "=" + v))).isEqualTo(4);
    assertThat(got).containsExactly("0=0", "1=10", "2=20", "3=30");
    assertThat(ring.size()).isZero();
  }

  @Test
  void reusesSlotsAcrossLaps() {
    SampleRing ring = new SampleRing(2);
    long[] sum = new long[1];
    for (int lap = 0; lap < 1000; lap++) {
      assertThat(ring.offer(1, lap)).isTrue();
      assertThat(ring.offer(2, lap)).isTrue();
      assertThat(ring.offer(3, lap)).isFalse();
      ring.drain((m, v) -> sum[0] += m * v);
    }
    assertThat(sum[0]).isEqualTo(3L * 999 * 1000 / 2);
  }

  @Test
  void concurrentProducersLoseNothingTheyWereToldWasQueued() throws Exception {
    SampleRing ring = new SampleRing(1024);
    int producers = 4;
    int perProducer = 200_000;
    long[] accepted = new long[producers];
    long[] drained = new long[2]; // count, sum of values
    AtomicBoolean done = new AtomicBoolean();
    Thread consumer = new Thread(() -> {
      SampleRing.Consumer sink = (m, v) -> {
        drained[0]++;
        drained[1] += v;
      };
      while (!done.get()) {
        ring.drain(sink);
      }
      ring.drain(sink);
    });
    consumer.start();
    List<Thread> threads = new ArrayList<>();
    long[] acceptedSum = new long[producers];
    for (int p = 0; p < producers; p++) {
      int id = p;
      Thread t = new Thread(() -> {
        for (int i = 1; i <= perProducer; i++) {
          if (ring.offer(id, i)) {
            accepted[id]++;
            acceptedSum[id] += i;
          }
        }
      });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    done.set(true);
    consumer.join();
    long count = 0;
    long sum = 0;
    for (int p = 0; p < producers; p++) {
      count += accepted[p];
      sum += acceptedSum[p];
    }
    assertThat(drained[0]).isEqualTo(count);
    assertThat(drained[1]).isEqualTo(sum);
    assertThat(count).isPositive();
  }
}
