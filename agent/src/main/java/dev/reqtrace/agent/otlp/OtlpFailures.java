package dev.reqtrace.agent.otlp;

import dev.reqtrace.agent.Throttle;
import io.opentelemetry.exporter.internal.FailedExportException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Turns export failures into at most one agent WARN line per failure kind per minute, and counts
 * what they cost in {@code reqtrace.dropped{exporter=otlp}}. Never logs a stack trace: a dead
 * collector is the operator's news, not the application's.
 */
final class OtlpFailures {
  /** Named, not imported: see {@link #isA}. */
  private static final String HTTP_TIMEOUT = "java.net.http.HttpTimeoutException";

  private final Logger log;
  private final Throttle throttle;
  private final AtomicLong dropped = new AtomicLong();

  OtlpFailures(Logger log, Throttle throttle) {
    this.log = log;
    this.throttle = throttle;
  }

  /** Spans (or other items) lost, from the queue or a failed export. */
  void dropped(long count) {
    dropped.addAndGet(count);
  }

  /** Everything dropped so far; the {@code reqtrace.dropped} counter reads it. */
  long droppedCount() {
    return dropped.get();
  }

  /** The span queue was full: counted, and one line a minute so an overload is not silent. */
  void queueFull() {
    dropped.incrementAndGet();
    long suppressed = throttle.acquire("otlp-queue-full");
    if (suppressed >= 0) {
      log.warn("otlp exporter: span queue full, dropping spans (counted in reqtrace.dropped)");
    }
  }

  /**
   * One failed export of {@code signal} ({@code traces} or {@code metrics}) to {@code endpoint}.
   *
   * @param lost spans the failure dropped, 0 for metrics (the next export carries cumulative data)
   */
  void exportFailed(String signal, String endpoint, Throwable cause, int lost) {
    if (lost > 0) {
      dropped.addAndGet(lost);
    }
    String kind = kindOf(cause);
    long suppressed = throttle.acquire("otlp-" + signal + "-" + kind);
    if (suppressed >= 0) {
      log.warn("otlp exporter: {} export to {} failed: {}{}", signal, endpoint, describe(kind, cause),
          suppressed > 0 ? " (" + suppressed + " more since the last report)" : "");
    }
  }

  /** A short, stable name of the failure: the throttle key and the start of the log text. */
  static String kindOf(Throwable cause) {
    Throwable root = cause;
    for (int depth = 0; root != null && depth < 8; depth++) {
      if (root instanceof FailedExportException.HttpExportException) {
        FailedExportException.HttpExportException http = (FailedExportException.HttpExportException) root;
        if (http.getResponse() != null) {
          return "HTTP " + http.getResponse().getStatusCode();
        }
      } else if (root instanceof FailedExportException.GrpcExportException) {
        FailedExportException.GrpcExportException grpc = (FailedExportException.GrpcExportException) root;
        if (grpc.getResponse() != null) {
          return "gRPC " + grpc.getResponse().getStatusCode();
        }
      } else if (root instanceof ConnectException || root instanceof NoRouteToHostException) {
        return "connection refused";
      } else if (root instanceof UnknownHostException) {
        return "unknown host";
      } else if (isA(root, HTTP_TIMEOUT) || root instanceof TimeoutException
          || root instanceof InterruptedIOException) {
        return "timed out";
      } else if (root instanceof RejectedExecutionException) {
        return "sender busy";
      } else if (root instanceof ClosedChannelException) {
        return "connection closed";
      }
      if (root.getCause() == null || root.getCause() == root) {
        break;
      }
      root = root.getCause();
    }
    return root == null ? "failed" : root.getClass().getSimpleName();
  }

  /**
   * {@code type instanceof} the class named: for a class of {@code java.net.http}, which the boot
   * loader, the agent's own when its classes come from it, cannot load.
   */
  private static boolean isA(Throwable failure, String className) {
    for (Class<?> type = failure.getClass(); type != null; type = type.getSuperclass()) {
      if (type.getName().equals(className)) {
        return true;
      }
    }
    return false;
  }

  private static String describe(String kind, Throwable cause) {
    String message = cause == null ? null : cause.getMessage();
    if (message == null || message.isEmpty() || message.length() > 200) {
      return kind;
    }
    // The SDK's messages can carry the collector's response body; one line, bounded.
    return kind + " (" + message.replace('\n', ' ').replace('\r', ' ') + ")";
  }
}
