package dev.reqtrace.agent.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reqtrace.agent.config.Config;
import dev.reqtrace.bootstrap.Activation;
import dev.reqtrace.bootstrap.RequestScope;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.helpers.NOPLogger;

/**
 * Closing the exporter (the agent's shutdown hook) keeps to its budget even while exports hang on
 * a black-holed collector. Over gRPC it used to take 38 s here: each sender's shutdown waited for
 * the call in progress to reach the 10 s timeout.
 */
class OtlpExporterCloseTest {

  @ParameterizedTest
  @ValueSource(strings = {"http/protobuf", "grpc"})
  void closeKeepsItsBudgetAgainstABlackHoledCollector(String protocol) throws Exception {
    // Accepts connections (the kernel does) and never reads or answers.
    try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Config config = Config.resolve("exporter=otlp,otlp.protocol=" + protocol + ",otlp.endpoint=http://127.0.0.1:"
          + blackHole.getLocalPort() + ",metrics.interval=1s", Map.of(), new Properties(),
          problem -> { throw new AssertionError(problem); });
      OtlpExporter exporter = OtlpExporter.start(config, NOPLogger.NOP_LOGGER);
      for (int i = 0; i < SpanQueue.BATCH; i++) { // a full batch: exported (and stuck) at once
        Activation request = RequestScope.start("GET", "/r", null, null);
        request.end(200, null, null);
        exporter.accept(request.scope(), "/r");
      }
      awaitQueueEmpty(exporter);

      long start = System.nanoTime();
      exporter.close();
      long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertThat(closeMillis).as("ms to close, budget " + OtlpExporter.CLOSE_WAIT_MILLIS)
          .isLessThan(OtlpExporter.CLOSE_WAIT_MILLIS + 2000);
    }
  }

  /** Until the exporter thread has taken the batch, so the close finds an export in progress. */
  private static void awaitQueueEmpty(OtlpExporter exporter) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (exporter.queued() > 0) {
      assertThat(System.nanoTime()).as("batch taken within 10 s").isLessThan(deadline);
      Thread.sleep(5); // pacing of the poll; the condition decides
    }
  }
}
