package dev.reqtrace.agent;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
 * pipe then stalls that thread only. A full queue (in records or in bytes) drops the record and
 * counts its lines; the count comes out in a later line.
 *
 * <p>At JVM shutdown ({@link #shutdown}) nothing queued may be lost: the agent's own shutdown hooks
 * log error-storm summaries and exporter results while the JVM halts as soon as every hook
 * returned. From then on a logging call returns once the writer has written its own record
 * (records carry a sequence number and are written in order; waiting for the whole queue would
 * make each call wait for everyone's lines), giving up when the writer makes no progress for
 * {@code stallNanos}, and in any case {@code shutdownNanos} after {@link #shutdown} began: a
 * stalled or merely slow stderr must not hold the JVM's exit for long.
 */
final class AsyncLogStream extends OutputStream {
  /** Records (one logging call each: a line, a multi-line report, a stack trace) queued at most. */
  static final int CAPACITY = 4096;
  /**
   * Bytes queued at most: a record is up to ~72 KB (the buffer bound plus one encoder chunk), so
   * {@link #CAPACITY} alone would let a stalled stderr hold hundreds of MB.
   */
  static final int MAX_QUEUED_BYTES = 4 * 1024 * 1024;
  /** A logging call at shutdown gives up when the writer wrote nothing for this long. */
  static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(2);
  /** No logging call waits longer than this after {@link #shutdown} began. */
  static final long SHUTDOWN_NANOS = TimeUnit.SECONDS.toNanos(5);
  /** Lines longer than this without a flush are queued anyway: the buffer stays bounded. */
  private static final int MAX_BUFFERED = 64 * 1024;
  private static final int BATCH = 64;
  private static final byte[] WAKE_UP = new byte[0];

  /** A queued record and its place in the order of writing. */
  private static final class Entry {
    final byte[] bytes;
    final long seq;

    Entry(byte[] bytes, long seq) {
      this.bytes = bytes;
      this.seq = seq;
    }
  }

  private final Supplier<PrintStream> target;
  private final String fileName;
  private final UnaryOperator<String> warnLine;
  private final long maxBytes;
  private final long stallNanos;
  private final long shutdownNanos;
  private final BlockingQueue<Entry> queue;
  /**
   * Held to number and queue a record as one step, so sequence numbers follow the queue's order;
   * never held while waiting or writing.
   */
  private final Object enqueueLock = new Object();
  /** The sequence number of the last record queued; guarded by {@link #enqueueLock}. */
  private long lastSeq;
  /** Bytes of the records queued or being written: memory the log holds. */
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicLong droppedLines = new AtomicLong();
  /** Lines of batches whose writing failed, and the last failure, for a later line. */
  private final AtomicLong lostLines = new AtomicLong();
  private volatile Throwable lostBecause;
  private final Thread writer;
  private final PrintStream printStream;
  private byte[] buffer = new byte[256];
  private int buffered;
  private volatile boolean shuttingDown;
  /** {@link System#nanoTime} after which no logging call waits; set before {@link #shuttingDown}. */
  private volatile long deadline;
  /**
   * The sequence number of the last record written (or given up): a call at shutdown waits for its
   * own. Written by one thread: the writer, or the one draining when it never ran.
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
      int capacity, long maxBytes, long stallNanos, long shutdownNanos) {
    this.target = target;
    this.fileName = fileName == null || fileName.isEmpty() ? null : fileName;
    this.warnLine = warnLine;
    this.maxBytes = maxBytes;
    this.stallNanos = stallNanos;
    this.shutdownNanos = shutdownNanos;
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

  /** Records queued and not yet taken by the writer; for tests. */
  int queuedRecords() {
    return queue.size();
  }

  /**
   * From a shutdown hook: from now on logging calls wait for the writer (see the class comment);
   * returns once everything queued is written, or the writer stalled, or the deadline passed.
   */
  void shutdown() {
    if (!shuttingDown) {
      deadline = System.nanoTime() + shutdownNanos;
      shuttingDown = true;
    }
    // Wakes an idle writer so a drop count still pending comes out too.
    long seq = offer(WAKE_UP);
    if (seq < 0) {
      synchronized (enqueueLock) {
        seq = lastSeq;
      }
    }
    awaitWritten(seq);
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
    // The flag is read after the offer: a shutdown that begins in between queues its wake-up
    // after this record (so waits for it) or this call sees the flag and waits itself.
    long seq = offer(record);
    // A record larger than the whole byte bound is dropped, not cut: only a single write() of
    // more than maxBytes makes one (slf4j-simple's come in encoder chunks of 8 KB, so its records
    // stay under ~72 KB), and a cut report would be a misleading one; the drop line says it.
    if (seq < 0 && shuttingDown && record.length <= maxBytes) {
      seq = offerUntilGivenUp(record);
    }
    if (seq < 0) {
      droppedLines.addAndGet(lines(record));
      return;
    }
    if (shuttingDown) {
      awaitWritten(seq);
    }
  }

  /** Queues the record unless the queue is full in records or bytes: its sequence number, or -1. */
  private long offer(byte[] record) {
    synchronized (enqueueLock) {
      if (queuedBytes.get() + record.length > maxBytes) {
        return -1;
      }
      queuedBytes.addAndGet(record.length);
      if (!queue.offer(new Entry(record, lastSeq + 1))) {
        queuedBytes.addAndGet(-record.length);
        return -1;
      }
      return ++lastSeq;
    }
  }

  private long offerUntilGivenUp(byte[] record) {
    long seen = written;
    long since = System.nanoTime();
    while (true) {
      long seq = offer(record);
      if (seq >= 0) {
        return seq;
      }
      if (!writer.isAlive()) {
        return -1;
      }
      long now = System.nanoTime();
      if (written != seen) {
        seen = written;
        since = now;
      }
      if (giveUp(seen, since, now)) {
        return -1;
      }
      LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  /**
   * Waits until record {@code seq} is written, the writer stalled, the shutdown deadline passed, or
   * the writer never ran (then writes here). After one wait gave up on a stall, the next ones
   * return at once until the writer moves again: each hook's line waiting the full stall time
   * would add up.
   */
  private void awaitWritten(long seq) {
    long seen = written;
    long since = System.nanoTime();
    while (written < seq) {
      if (!writer.isAlive()) {
        drainHere();
        return;
      }
      long now = System.nanoTime();
      if (written != seen) {
        seen = written;
        since = now;
      }
      if (giveUp(seen, since, now)) {
        return;
      }
      LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  /** Whether a wait at shutdown stops: past the deadline, or no progress for the stall time. */
  private boolean giveUp(long seen, long since, long now) {
    if (now - deadline >= 0) {
      return true;
    }
    if (seen == gaveUpAt || now - since > stallNanos) {
      gaveUpAt = seen;
      return true;
    }
    return false;
  }

  /** The writer never started: whoever waits at shutdown writes what is left. */
  private void drainHere() {
    synchronized (queue) {
      if (!fileOpened) {
        openFile();
      }
      List<Entry> batch = new ArrayList<>();
      queue.drainTo(batch);
      try {
        writeBatch(batch);
      } catch (Throwable e) {
        // Never into the logging call.
        lost(batch, e);
      } finally {
        done(batch);
      }
    }
  }

  private void run() {
    openFile();
    List<Entry> batch = new ArrayList<>(BATCH);
    while (true) {
      try {
        batch.add(queue.take());
        queue.drainTo(batch, BATCH - 1);
        writeBatch(batch);
      } catch (InterruptedException e) {
        // Only the JVM's exit ends this thread: an interrupt from elsewhere is ignored.
      } catch (Throwable e) {
        // Whatever failed (a broken target, an OutOfMemoryError building the text) costs this
        // batch, counted, never the writer: a dead writer left the queue filling silently and
        // nothing written until shutdown.
        lost(batch, e);
      } finally {
        done(batch);
        batch.clear();
      }
    }
  }

  /** Counts the lines of a batch that failed; no allocation, it may run out of memory. */
  private void lost(List<Entry> batch, Throwable e) {
    long lines = 0;
    for (int i = 0; i < batch.size(); i++) {
      lines += lines(batch.get(i).bytes);
    }
    lostLines.addAndGet(lines);
    lostBecause = e;
  }

  /** The batch is written or given up: its bytes are free and the waiters for it may go. */
  private void done(List<Entry> batch) {
    if (batch.isEmpty()) {
      return;
    }
    long bytes = 0;
    for (int i = 0; i < batch.size(); i++) {
      bytes += batch.get(i).bytes.length;
    }
    queuedBytes.addAndGet(-bytes);
    written = batch.get(batch.size() - 1).seq;
  }

  /** One print and one file write per batch: a burst costs a few system calls, not one a line. */
  private void writeBatch(List<Entry> batch) {
    long dropped = droppedLines.getAndSet(0);
    long lost = lostLines.getAndSet(0);
    try {
      StringBuilder text = new StringBuilder();
      if (dropped > 0) {
        text.append(warnLine.apply(dropped + " agent log lines dropped: the log queue was full"
            + " (stderr or the log file not keeping up)")).append(System.lineSeparator());
      }
      if (lost > 0) {
        text.append(warnLine.apply(lost + " agent log lines lost: writing them failed: "
            + lostBecause)).append(System.lineSeparator());
      }
      for (Entry entry : batch) {
        text.append(new String(entry.bytes, StandardCharsets.UTF_8));
      }
      if (text.length() > 0) {
        String lines = text.toString();
        PrintStream out = target.get();
        out.print(lines);
        out.flush();
        writeFile(out, lines);
      }
    } catch (Throwable e) {
      // Their lines were not written either: still to be reported.
      droppedLines.addAndGet(dropped);
      lostLines.addAndGet(lost);
      throw e;
    }
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
      // Not Files.newOutputStream: a channel, closed for good by an interrupt during a write
      // (ClosedByInterruptException), and this thread ignores interrupts.
      file = new FileOutputStream(fileName, true);
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
