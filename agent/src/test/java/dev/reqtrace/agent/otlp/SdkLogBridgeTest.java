package dev.reqtrace.agent.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The SDK's java.util.logging output never reaches the application's (root) handlers. */
class SdkLogBridgeTest {
  @Test
  void rootIsTheOpenTelemetryPackageAsThisBuildNamesIt() {
    // Unshaded here; "dev.reqtrace.shaded.opentelemetry" in the agent jar, by the same code.
    assertThat(SdkLogBridge.rootName()).isEqualTo("io.opentelemetry");
  }

  @Test
  void exporterFailuresStayOutOfTheRootHandlers() {
    List<LogRecord> seenByApp = new ArrayList<>();
    Handler appHandler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        seenByApp.add(record);
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    Logger root = Logger.getLogger("");
    root.addHandler(appHandler);
    try {
      SdkLogBridge.install();
      Logger exporter = Logger.getLogger(SdkLogBridge.rootName() + ".exporter.otlp.internal.HttpExporter");
      exporter.log(Level.SEVERE, "Failed to export spans. The request could not be executed.",
          new java.net.ConnectException("Connection refused"));
      exporter.warning("Failed to export metrics.");
      Logger.getLogger("org.example.App").warning("the app's own line");

      assertThat(seenByApp).extracting(LogRecord::getMessage).containsExactly("the app's own line");
    } finally {
      root.removeHandler(appHandler);
    }
  }

  @Test
  void reinstallsAfterTheApplicationResetsLogging() throws Exception {
    SdkLogBridge.install();
    java.util.logging.LogManager.getLogManager().reset(); // e.g. an app re-reading logging.properties
    SdkLogBridge.install();
    Logger sdkRoot = Logger.getLogger(SdkLogBridge.rootName());
    assertThat(sdkRoot.getUseParentHandlers()).isFalse();
    assertThat(sdkRoot.getHandlers()).hasSize(1);
  }
}
