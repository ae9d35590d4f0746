package dev.reqtrace.it.otelapp;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/**
 * An application that bundles the OpenTelemetry API and SDK itself and registers them as
 * {@link GlobalOpenTelemetry}, then runs the demo app (its main class is the first argument) in the
 * same JVM. Its spans go to stdout as {@code APP-SPAN name=<name> trace=<id>} lines, never to the
 * agent's collector. Forked by {@code OtlpAppOpenTelemetryIT}.
 */
public final class OwnOpenTelemetryApp {
  private OwnOpenTelemetryApp() {}

  public static void main(String[] args) throws Exception {
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(new StdoutExporter())).build())
        .build();
    // Throws IllegalStateException if anything in this JVM (an agent not relocated) set it first.
    GlobalOpenTelemetry.set(sdk);
    Span span = GlobalOpenTelemetry.getTracer("own-app").spanBuilder("app-startup").startSpan();
    span.end();
    Class<?> relocated = Class.forName("dev.reqtrace.shaded.opentelemetry.api.GlobalOpenTelemetry",
        false, ClassLoader.getSystemClassLoader());
    System.out.println("APP-CHECK agent-copy=" + relocated.getName()
        + " distinct=" + (relocated != GlobalOpenTelemetry.class));
    Class.forName(args[0]).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
  }

  /** The app's own exporter: one stdout line per span. */
  static final class StdoutExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      for (SpanData span : spans) {
        System.out.println("APP-SPAN name=" + span.getName() + " trace=" + span.getTraceId());
      }
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
