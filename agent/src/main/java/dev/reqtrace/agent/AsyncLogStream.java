package dev.reqtrace.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Where slf4j-simple writes the agent log: the logging thread (a request thread, for slow, N+1 and
 * error reports) only appends the bytes to a buffer and, on {@code flush()}, puts the complete
 * lines in a bounded queue; the daemon thread {@code reqtrace-log} writes them to the real target
 * (stderr, looked up at write time) and to {@code reqtrace.log.file}. A stderr that is a stalled
 * pipe then stalls that thread only. A full queue drops the record and counts its lines; the
 * count comes out in a later line.
 *
 * <p>At JVM shutdown ({@link #shutdown}) nothing queued may be lost: the agent's own shutdown hooks
 * log error-storm summaries and exporter results while the JVM halts as soon as every hook
 * returned. From then on a logging call returns once the writer has written everything queued,
 * giving up only when the writer makes no progress for {@code stallNanos} (a stalled stderr must
 * not hold the JVM's exit forever).
 */
final class AsyncLogStream extends OutputStream {
  /** Records (one logging call each: a line, a multi-line report, a stack trace) queued at most. */
  static final int CAPACITY = 4096;
  /** A logging call at shutdown gives up when the writer wrote nothing for this long. */
  static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(2);
  /** Lines longer than this without a flush are queued anyway: the buffer stays bounded. */
  private static final int MAX_BUFFERED = 64 * 1024;
  private static final int BATCH = 64;
  private static final byte[] WAKE_UP = new byte[0];

  private final Supplier<PrintStream> target;
  private final String fileName;
  private final UnaryOperator<String> warnLine;
  private final long stallNanos;
  private final BlockingQueue<byte[]> queue;
  /** Queued and not yet written (or given up): a shutdown waits for zero. */
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong droppedLines = new AtomicLong();
  private final Thread writer;
  private final PrintStream printStream;
  private byte[] buffer = new byte[256];
  private int buffered;
  private volatile boolean shuttingDown;
  /**
   * Records written (or given up) so far: the progress a shutdown waits on. Written by one thread:
   * the writer, or the one draining after it died.
   */
  private volatile long written;
  /** {@link #written} when a shutdown wait last gave up: until it moves, waiting is pointless. */
  private volatile long gaveUpAt = -1;
  private OutputStream file;
  private boolean fileOpened;

  /**
   * @param target where lines go, asked at every write (e.g. {@code () -> System.err})
   * @param fileName the file that also gets every line, appended to; {@code null} or empty: none
   * @param warnLine makes a whole WARN line of the agent log (prefix, timestamp, level) from a
   *     message, for the writer's own lines (drops, file failures)
   */
  AsyncLogStream(Supplier<PrintStream> target, String fileName, UnaryOperator<String> warnLine,
      int capacity, long stallNanos) {
    this.target = target;
    this.fileName = fileName == null || fileName.isEmpty() ? null : fileName;
    this.warnLine = warnLine;
    this.stallNanos = stallNanos;
    this.queue = new LinkedBlockingQueue<>(capacity);
    this.writer = new Thread(this::run, "reqtrace-log");
    writer.setDaemon(true);
    // UTF-8 both ways: the writer decodes and prints strings, so the target's own charset applies.
    this.printStream = new PrintStream(this, false, StandardCharsets.UTF_8);
  }

  /** The stream to hand to slf4j-simple. */
  PrintStream printStream() {
    return printStream;
  }

  /** Starts the writer thread. */
  void start() {
    writer.start();
  }

  /**
   * From a shutdown hook: from now on logging calls wait for the writer (see the class comment);
   * returns once everything queued is written, or the writer stalled.
   */
  void shutdown() {
    shuttingDown = true;
    // Wakes an idle writer so a drop count still pending comes out too.
    pending.incrementAndGet();
    if (!queue.offer(WAKE_UP)) {
      pending.decrementAndGet();
    }
    awaitWritten();
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    byte[] record = null;
    synchronized (this) {
      if (buffered + length > buffer.length) {
        byte[] larger = new byte[Math.max(buffer.length * 2, buffered + length)];
        System.arraycopy(buffer, 0, larger, 0, buffered);
        buffer = larger;
      }
      System.arraycopy(bytes, offset, buffer, buffered, length);
      buffered += length;
      if (buffered > MAX_BUFFERED) {
        record = takeBuffered(true);
      }
    }
    if (record != null) {
      enqueue(record);
    }
  }

  /** slf4j-simple flushes once per logging call: its whole record becomes one queue entry. */
  @Override
  public void flush() {
    byte[] record;
    synchronized (this) {
      record = takeBuffered(false);
    }
    if (record != null) {
      enqueue(record);
    }
  }

  /** The complete lines buffered (everything, if {@code all}), or {@code null}. */
  private byte[] takeBuffered(boolean all) {
    int end = buffered;
    while (!all && end > 0 && buffer[end - 1] != '\n') {
      end--;
    }
    if (end == 0) {
      return null;
    }
    byte[] record = new byte[end];
    System.arraycopy(buffer, 0, record, 0, end);
    System.arraycopy(buffer, end, buffer, 0, buffered - end);
    buffered -= end;
    return record;
  }

  private void enqueue(byte[] record) {
    // Counted before the offer and the flag read after it: a shutdown that begins in between
    // either waits for this record or this call sees the flag and waits itself.
    pending.incrementAndGet();
    boolean queued = queue.offer(record);
    if (!queued && shuttingDown) {
      queued = offerUntilStalled(record);
    }
    if (!queued) {
      pending.decrementAndGet();
      droppedLines.addAndGet(lines(record));
      return;
    }
    if (shuttingDown) {
      awaitWritten();
    }
  }

  private boolean offerUntilStalled(byte[] record) {
    long seen = written;
    long since = System.nanoTime();
    try {
      while (!queue.offer(record, 1, TimeUnit.MILLISECONDS)) {
        if (!writer.isAlive() || seen == gaveUpAt) {
          return false;
        }
        if (written != seen) {
          seen = written;
          since = System.nanoTime();
        } else if (System.nanoTime() - since > stallNanos) {
          gaveUpAt = seen;
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Waits until nothing is pending, the writer stalled, or it died (then writes here). After one
   * wait gave up, the next ones return at once until the writer moves again: each hook's line
   * waiting the full stall time would add up.
   */
  private void awaitWritten() {
    long seen = written;
    long since = System.nanoTime();
    while (pending.get() > 0) {
      if (!writer.isAlive()) {
        drainHere();
        return;
      }
      long now = System.nanoTime();
      if (written != seen) {
        seen = written;
        since = now;
      } else if (seen == gaveUpAt || now - since > stallNanos) {
        gaveUpAt = seen;
        return;
      }
      LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  /** The writer never started or died: whoever waits at shutdown writes what is left. */
  private void drainHere() {
    synchronized (queue) {
      if (!fileOpened) {
        openFile();
      }
      List<byte[]> batch = new ArrayList<>();
      queue.drainTo(batch);
      writeBatch(batch);
    }
  }

  private void run() {
    openFile();
    List<byte[]> batch = new ArrayList<>(BATCH);
    while (true) {
      try {
        batch.add(queue.take());
        queue.drainTo(batch, BATCH - 1);
        writeBatch(batch);
      } catch (InterruptedException e) {
        // Only the JVM's exit ends this thread: an interrupt from elsewhere is ignored.
      } catch (RuntimeException | LinkageError e) {
        // A broken target must not end the log; what failed is lost.
        pending.addAndGet(-batch.size());
        written += batch.size();
      } finally {
        batch.clear();
      }
    }
  }

  /** One print and one file write per batch: a burst costs a few system calls, not one a line. */
  private void writeBatch(List<byte[]> batch) {
    StringBuilder text = new StringBuilder();
    long dropped = droppedLines.getAndSet(0);
    if (dropped > 0) {
      text.append(warnLine.apply(dropped + " agent log lines dropped: the log queue was full"
          + " (stderr or the log file not keeping up)")).append(System.lineSeparator());
    }
    for (byte[] record : batch) {
      text.append(new String(record, StandardCharsets.UTF_8));
    }
    if (text.length() > 0) {
      String lines = text.toString();
      PrintStream out = target.get();
      out.print(lines);
      out.flush();
      writeFile(out, lines);
    }
    pending.addAndGet(-batch.size());
    written += batch.size();
  }

  private void writeFile(PrintStream out, String text) {
    if (file == null) {
      return;
    }
    try {
      file.write(text.getBytes(StandardCharsets.UTF_8));
      file.flush();
    } catch (IOException e) {
      try {
        file.close();
      } catch (IOException ignored) {
        // Already failed: the line below says so.
      }
      file = null;
      out.print(warnLine.apply("agent log file " + fileName
          + " failed, logging to stderr only from now on: " + e) + System.lineSeparator());
      out.flush();
    }
  }

  private void openFile() {
    fileOpened = true;
    if (fileName == null) {
      return;
    }
    try {
      file = Files.newOutputStream(Paths.get(fileName),
          StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    } catch (IOException | RuntimeException e) {
      PrintStream out = target.get();
      out.print(warnLine.apply("agent log file " + fileName + " not opened, logging to stderr only: "
          + e) + System.lineSeparator());
      out.flush();
    }
  }

  private static long lines(byte[] record) {
    long lines = 0;
    for (byte b : record) {
      if (b == '\n') {
        lines++;
      }
    }
    return Math.max(1, lines);
  }
}
