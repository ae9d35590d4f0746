package dev.reqtrace.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reqtrace.it.OtlpReceiver.Span;
import dev.reqtrace.it.otelapp.OwnOpenTelemetryApp;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * An application with its own OpenTelemetry API and SDK ({@code GlobalOpenTelemetry.set} in main)
 * keeps working next to the agent's OTLP exporter: the agent's copy is relocated
 * ({@code dev.reqtrace.shaded.opentelemetry}), so the app's global registration succeeds, its spans
 * go where the app sends them, and the agent's spans still reach the collector.
 */
class OtlpAppOpenTelemetryIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void appsOwnGlobalOpenTelemetryAndTheAgentsExporterBothWork() {
    try (OtlpReceiver receiver = OtlpReceiver.start("OtlpAppOpenTelemetryIT")) {
      ForkedApp app = OtlpDemoApp.start("OtlpAppOpenTelemetryIT", b -> b
          .sysProp("reqtrace.exporter", "otlp")
          .sysProp("reqtrace.otlp.endpoint", receiver.httpUrl())
          .sysProp("reqtrace.slow.threshold", "60s"),
          List.of("-cp", classpath(), OwnOpenTelemetryApp.class.getName(), demoMainClass()));
      try {
        String appSpan = app.awaitLine(l -> l.startsWith("APP-SPAN name=app-startup trace="), WAIT);
        String appTrace = appSpan.substring(appSpan.indexOf("trace=") + 6);
        assertThat(app.awaitLine(l -> l.startsWith("APP-CHECK "), WAIT))
            .isEqualTo("APP-CHECK agent-copy=dev.reqtrace.shaded.opentelemetry.api.GlobalOpenTelemetry"
                + " distinct=true");

        String id = new Http(app.port()).get("/owners/2").requestId();
        Span server = receiver.awaitSpans(s -> id.equals(s.traceId()), 1, WAIT).get(0);
        assertThat(server.name()).isEqualTo("GET /owners/{id}");
        assertThat(receiver.spans()).as("the app's own spans stay the app's")
            .noneMatch(s -> s.name().equals("app-startup") || s.traceId().equals(appTrace));
        app.assertNoUnexpectedAgentProblems();
        assertThat(OtlpDemoApp.openTelemetryLinesInAppLog(app)).as("besides the app's own check line")
            .allMatch(l -> l.startsWith("APP-CHECK "));
      } finally {
        app.close();
      }
    }
  }

  /** The demo jar, this module's test classes, and the OpenTelemetry jars the app bundles. */
  private static String classpath() {
    Set<String> entries = new LinkedHashSet<>();
    entries.add(OtlpDemoApp.jar().toString());
    for (Class<?> c : new Class<?>[] {OwnOpenTelemetryApp.class,
        io.opentelemetry.api.GlobalOpenTelemetry.class, io.opentelemetry.context.Context.class,
        io.opentelemetry.common.ComponentLoader.class, io.opentelemetry.sdk.OpenTelemetrySdk.class,
        io.opentelemetry.sdk.common.CompletableResultCode.class,
        io.opentelemetry.sdk.trace.SdkTracerProvider.class,
        io.opentelemetry.sdk.metrics.SdkMeterProvider.class,
        io.opentelemetry.sdk.logs.SdkLoggerProvider.class}) {
      try {
        entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static String demoMainClass() {
    try (JarFile jar = new JarFile(OtlpDemoApp.jar().toFile())) {
      return jar.getManifest().getMainAttributes().getValue("Main-Class");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
