package dev.reqtrace.agent.otlp;

import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;

/**
 * The http/protobuf exporters' retry policy: one more attempt, at once, when the collector closed a
 * kept-alive connection just as a batch went out on it. Collectors and the proxies in front of them
 * close idle connections (Node's default after 5 s, the OpenTelemetry Collector's idle timeout), and
 * the JDK client does not resend a POST by itself: without this, such a race loses a whole batch and
 * logs a WARN (seen in CI against the npm OTLP receiver: "HTTP/1.1 header parser received no bytes").
 *
 * <p>Nothing else is retried on the exception side: a refused connection or a timeout would only
 * stack sends against a dead or black-holed collector, and the next batch is the retry. The SDK
 * also retries its retryable status codes (429, 502, 503, 504) with this policy, once, honouring
 * {@code Retry-After} within the export timeout.
 */
final class ClosedConnectionRetry {
  private ClosedConnectionRetry() {}

  static RetryPolicy policy() {
    return RetryPolicy.builder()
        .setMaxAttempts(2)
        .setInitialBackoff(Duration.ofMillis(1))
        .setMaxBackoff(Duration.ofMillis(1))
        .setRetryExceptionPredicate(ClosedConnectionRetry::closedBeforeAnswer)
        .build();
  }

  /** The connection was there and went away before the collector answered. */
  static boolean closedBeforeAnswer(IOException failure) {
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < 8; depth++) {
      if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
        return false; // no connection at all: the collector is down
      }
      if (cause instanceof EOFException || cause instanceof ClosedChannelException
          || cause instanceof SocketException) { // "Connection reset", "Broken pipe"
        return true;
      }
      cause = cause.getCause() == cause ? null : cause.getCause();
    }
    return false;
  }
}
