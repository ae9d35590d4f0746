package dev.reqtrace.statsd;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;

/**
 * Sends datagrams to the daemon; used by the sender thread only, never throws.
 *
 * <p>The host is resolved lazily (a daemon that starts after the application is fine, and an
 * agent must not delay start-up on DNS) and again at most once a minute, so a moved daemon
 * (a rescheduled Kubernetes pod) is followed and a dead resolver is not hammered. The channel
 * is connected, so the kernel reports ICMP port unreachable as
 * {@link PortUnreachableException} on a later write; and non-blocking, so a full socket buffer
 * loses a datagram instead of stalling the sender.
 */
final class UdpTransport {
  private static final long RESOLVE_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final String host;
  private final int port;
  private final ErrorReporter errors;
  private InetSocketAddress target;
  private DatagramChannel channel;
  private boolean resolveAttempted;
  private long lastResolve;

  UdpTransport(String host, int port, ErrorReporter errors) {
    this.host = host;
    this.port = port;
    this.errors = errors;
  }

  /** Sends one datagram; false if it was certainly lost. */
  boolean send(ByteBuffer packet) {
    resolveIfDue();
    if (target == null) {
      return false;
    }
    try {
      if (channel == null) {
        channel = DatagramChannel.open();
        channel.configureBlocking(false);
        channel.connect(target);
      }
      if (channel.write(packet) == 0) {
        errors.report(StatsdErrorKind.SEND, "statsd: socket send buffer full, datagrams to "
            + describe() + " dropped");
        return false;
      }
      return true;
    } catch (PortUnreachableException e) {
      // The channel stays usable: the error was for an earlier datagram and is now cleared.
      errors.report(StatsdErrorKind.SEND, "statsd: nothing listens on " + describe()
          + " (ICMP port unreachable); metrics are dropped until a daemon runs there");
      return false;
    } catch (IOException | RuntimeException e) {
      errors.report(StatsdErrorKind.SEND, "statsd: cannot send to " + describe() + ": " + e);
      close(); // reopened on the next send, in case the socket itself is broken
      return false;
    }
  }

  private void resolveIfDue() {
    long now = System.nanoTime();
    if (resolveAttempted && now - lastResolve < RESOLVE_INTERVAL_NANOS) {
      return;
    }
    resolveAttempted = true;
    lastResolve = now;
    try {
      InetAddress address = InetAddress.getByName(host);
      if (target == null || !address.equals(target.getAddress())) {
        close();
        target = new InetSocketAddress(address, port);
      }
    } catch (UnknownHostException | SecurityException e) {
      // Keep the last good address: a resolver hiccup should not stop a working exporter.
      errors.report(StatsdErrorKind.RESOLVE, "statsd: cannot resolve host " + host
          + (target == null ? "; metrics are dropped" : "; still sending to " + describe())
          + ", retrying in a minute");
    }
  }

  private String describe() {
    return target == null ? host + ":" + port : host + "/" + target.getAddress()
        .getHostAddress() + ":" + port;
  }

  void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Nothing left to do with a socket that cannot even close.
      }
      channel = null;
    }
  }
}
