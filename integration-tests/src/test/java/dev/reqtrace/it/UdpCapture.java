package dev.reqtrace.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/** A loopback UDP socket standing in for a StatsD daemon: keeps every datagram, byte for byte. */
final class UdpCapture implements AutoCloseable {
  private final DatagramSocket socket;
  private final Thread reader;
  private final List<byte[]> datagrams = new ArrayList<>(); // guarded by this

  private UdpCapture(DatagramSocket socket) {
    this.socket = socket;
    this.reader = new Thread(this::read, "it-udp-capture");
    reader.setDaemon(true);
    reader.start();
  }

  /** Listens on a free loopback port. */
  static UdpCapture start() {
    return on(0);
  }

  /** Listens on {@code port} of loopback. */
  static UdpCapture on(int port) {
    try {
      DatagramSocket socket = new DatagramSocket(null);
      socket.setReceiveBufferSize(4 << 20);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return new UdpCapture(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return socket.getLocalPort();
  }

  private void read() {
    byte[] buffer = new byte[65536];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    while (!socket.isClosed()) {
      try {
        packet.setLength(buffer.length);
        socket.receive(packet);
        byte[] copy = Arrays.copyOfRange(buffer, 0, packet.getLength());
        synchronized (this) {
          datagrams.add(copy);
          notifyAll();
        }
      } catch (SocketException closed) {
        return;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Every datagram so far. */
  synchronized List<byte[]> datagrams() {
    return List.copyOf(datagrams);
  }

  /** Every line so far (datagrams split at newlines, decoded as UTF-8). */
  synchronized List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (byte[] datagram : datagrams) {
      for (String line : new String(datagram, StandardCharsets.UTF_8).split("\n", -1)) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** Waits until {@code condition} holds for the lines so far. */
  synchronized void await(Predicate<List<String>> condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(lines())) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no " + what + " within " + timeout + "; " + datagrams.size()
            + " datagrams, last lines: " + tail(lines(), 20));
      }
      try {
        wait(Math.max(1, Math.min(left / 1_000_000, 200)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  private static List<String> tail(List<String> lines, int n) {
    return lines.subList(Math.max(0, lines.size() - n), lines.size());
  }

  @Override
  public void close() {
    socket.close();
    try {
      reader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
