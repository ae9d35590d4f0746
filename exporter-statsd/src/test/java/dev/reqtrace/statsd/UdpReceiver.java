package dev.reqtrace.statsd;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/** A real loopback UDP socket standing in for the daemon; polls with a deadline. */
final class UdpReceiver implements AutoCloseable {
  final DatagramSocket socket;
  final List<String> datagrams = new ArrayList<>();
  final List<String> lines = new ArrayList<>();
  private final byte[] buffer = new byte[65_536];

  UdpReceiver() throws IOException {
    socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    socket.setReceiveBufferSize(4 << 20);
    socket.setSoTimeout(50);
  }

  int port() {
    return socket.getLocalPort();
  }

  /** Receives until {@code done} holds for the lines so far, or fails after 10 s. */
  List<String> awaitLines(Predicate<List<String>> done) throws IOException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!done.test(lines)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out; received so far: " + lines);
      }
      receiveOnce();
    }
    return lines;
  }

  /** Receives whatever arrives within {@code millis}; for asserting that nothing more came. */
  List<String> drainFor(long millis) throws IOException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (System.nanoTime() < deadline) {
      receiveOnce();
    }
    return lines;
  }

  private void receiveOnce() throws IOException {
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    try {
      socket.receive(packet);
    } catch (SocketTimeoutException e) {
      return;
    }
    String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    datagrams.add(text);
    lines.addAll(Arrays.asList(text.split("\n", -1)));
  }

  @Override
  public void close() {
    socket.close();
  }
}
