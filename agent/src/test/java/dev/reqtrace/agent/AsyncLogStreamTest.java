package dev.reqtrace.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsyncLogStreamTest {
  private static final String NL = System.lineSeparator();
  /*
   * A blocked call never returns, so the bound only has to be finite; it is generous because
   * this machine's two CPUs are shared with other builds.
   */
  private static final Duration RETURNS_AT_ONCE = Duration.ofSeconds(1);

  /** A stderr that takes every byte, or blocks every write until released, like a stalled pipe. */
  static final class Stderr extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch entered = new CountDownLatch(1);
    volatile boolean blocking;
    final PrintStream stream = new PrintStream(this, true, StandardCharsets.UTF_8);

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      entered.countDown();
      if (blocking) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      synchronized (bytes) {
        bytes.write(b, off, len);
      }
    }

    String text() {
      synchronized (bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
      }
    }
  }

  private static AsyncLogStream started(Stderr err, String file, int capacity, long stallMillis) {
    AsyncLogStream stream = new AsyncLogStream(() -> err.stream, file, m -> "[reqtrace] WARN " + m,
        capacity, TimeUnit.MILLISECONDS.toNanos(stallMillis));
    stream.start();
    return stream;
  }

  /** One logging call as slf4j-simple makes it: println, then flush. */
  private static void log(AsyncLogStream stream, String line) {
    stream.printStream().println(line);
    stream.printStream().flush();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  @Test
  void aStalledStderrDoesNotBlockTheLoggingThread() throws Exception {
    Stderr err = new Stderr();
    err.blocking = true;
    AsyncLogStream stream = started(err, null, AsyncLogStream.CAPACITY, 2_000);

    assertTimeoutPreemptively(RETURNS_AT_ONCE, () -> {
      log(stream, "[reqtrace] first");
      assertThat(err.entered.await(5, TimeUnit.SECONDS)).isTrue(); // the writer is stuck in write
      for (int i = 0; i < 100; i++) {
        log(stream, "[reqtrace] more " + i);
      }
    });
    assertThat(err.text()).isEmpty();

    err.release.countDown();
    await(() -> err.text().contains("[reqtrace] more 99" + NL));
    assertThat(err.text()).startsWith("[reqtrace] first" + NL + "[reqtrace] more 0" + NL);
  }

  @Test
  void aFullQueueDropsAndALaterLineSaysHowManyLines() throws Exception {
    Stderr err = new Stderr();
    err.blocking = true;
    AsyncLogStream stream = started(err, null, 2, 2_000);
    log(stream, "[reqtrace] taken by the writer");
    assertThat(err.entered.await(5, TimeUnit.SECONDS)).isTrue();

    assertTimeoutPreemptively(RETURNS_AT_ONCE, () -> {
      log(stream, "[reqtrace] queued 1");
      log(stream, "[reqtrace] queued 2");
      log(stream, "[reqtrace] dropped 1");
      log(stream, "[reqtrace] dropped 2" + NL + "[reqtrace]   its second line");
    });
    err.release.countDown();
    await(() -> err.text().contains("[reqtrace] queued 2" + NL)); // else "after" may find it full
    log(stream, "[reqtrace] after");

    await(() -> err.text().contains("[reqtrace] after" + NL));
    assertThat(err.text()).isEqualTo("[reqtrace] taken by the writer" + NL
        + "[reqtrace] WARN 3 agent log lines dropped: the log queue was full"
        + " (stderr or the log file not keeping up)" + NL
        + "[reqtrace] queued 1" + NL
        + "[reqtrace] queued 2" + NL
        + "[reqtrace] after" + NL);
  }

  @Test
  void theLogFileGetsTheSameLinesAppended(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("agent.log");
    Files.writeString(file, "kept" + NL);
    Stderr err = new Stderr();
    AsyncLogStream stream = started(err, file.toString(), AsyncLogStream.CAPACITY, 2_000);

    log(stream, "[reqtrace] one");
    log(stream, "[reqtrace] two \u00e9\u20ac" + NL + "[reqtrace]   continued");
    stream.shutdown();

    String expected = "[reqtrace] one" + NL + "[reqtrace] two \u00e9\u20ac" + NL + "[reqtrace]   continued" + NL;
    assertThat(err.text()).isEqualTo(expected);
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("kept" + NL + expected);
  }

  @Test
  void aLogFileThatCannotBeOpenedGivesOneStderrLineAndStderrGoesOn(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("no-such-directory").resolve("agent.log");
    Stderr err = new Stderr();
    AsyncLogStream stream = started(err, file.toString(), AsyncLogStream.CAPACITY, 2_000);

    log(stream, "[reqtrace] one");
    log(stream, "[reqtrace] two");
    stream.shutdown();

    assertThat(err.text()).isEqualTo("[reqtrace] WARN agent log file " + file
        + " not opened, logging to stderr only: java.nio.file.NoSuchFileException: " + file + NL
        + "[reqtrace] one" + NL + "[reqtrace] two" + NL);
    assertThat(file.getParent()).doesNotExist();
  }

  /** {@code /dev/full} opens but fails every write with ENOSPC. */
  @Test
  void aLogFileWhoseWriteFailsGivesOneStderrLineAndStderrGoesOn() throws Exception {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.isWritable(full), "needs /dev/full");
    Stderr err = new Stderr();
    AsyncLogStream stream = started(err, full.toString(), AsyncLogStream.CAPACITY, 2_000);

    log(stream, "[reqtrace] one");
    stream.shutdown();
    log(stream, "[reqtrace] two");

    assertThat(err.text()).matches("\\Q[reqtrace] one" + NL + "\\E"
        + "\\Q[reqtrace] WARN agent log file /dev/full failed, logging to stderr only from now on: \\E"
        + "java.io.IOException: .*" + NL
        + "\\Q[reqtrace] two" + NL + "\\E");
  }

  @Test
  void atShutdownEverythingQueuedIsWrittenAndLaterCallsWaitForTheirLine() throws Exception {
    Stderr err = new Stderr();
    err.blocking = true;
    AsyncLogStream stream = started(err, null, AsyncLogStream.CAPACITY, 5_000);
    for (int i = 0; i < 100; i++) {
      log(stream, "[reqtrace] queued " + i);
    }
    assertThat(err.entered.await(5, TimeUnit.SECONDS)).isTrue();
    Thread release = new Thread(() -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        return;
      }
      err.release.countDown();
    });
    release.start();

    stream.shutdown();
    assertThat(err.text()).endsWith("[reqtrace] queued 99" + NL);
    log(stream, "[reqtrace] from a shutdown hook");
    assertThat(err.text()).endsWith("[reqtrace] queued 99" + NL + "[reqtrace] from a shutdown hook" + NL);
    release.join();
  }

  /**
   * A JVM whose stderr never drains still exits: the shutdown gives up after the stall time, and
   * later lines do not wait it again (50 of them would take 10 s).
   */
  @Test
  void aShutdownGivesUpOnAStalledStderrOnce() throws Exception {
    Stderr err = new Stderr();
    err.blocking = true;
    AsyncLogStream stream = started(err, null, AsyncLogStream.CAPACITY, 200);
    log(stream, "[reqtrace] stuck");
    assertThat(err.entered.await(5, TimeUnit.SECONDS)).isTrue();

    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      stream.shutdown();
      for (int i = 0; i < 50; i++) {
        log(stream, "[reqtrace] at shutdown " + i);
      }
    });
    err.release.countDown();
    await(() -> err.text().contains("[reqtrace] at shutdown 49" + NL));
  }

  /** The writer never ran (its thread could not start): the shutdown writes what is queued. */
  @Test
  void withoutAWriterThreadTheShutdownWritesTheQueue() {
    Stderr err = new Stderr();
    AsyncLogStream stream = new AsyncLogStream(() -> err.stream, null, m -> "[reqtrace] WARN " + m,
        AsyncLogStream.CAPACITY, TimeUnit.SECONDS.toNanos(2));
    log(stream, "[reqtrace] one");

    stream.shutdown();

    assertThat(err.text()).isEqualTo("[reqtrace] one" + NL);
  }
}
