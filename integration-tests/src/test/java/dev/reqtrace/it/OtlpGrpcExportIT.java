package dev.reqtrace.it;

/**
 * OTLP over gRPC (the agent's own HTTP/2 sender), configured only through the standard
 * {@code OTEL_*} environment variables.
 */
class OtlpGrpcExportIT extends AbstractOtlpExportIT {
  @Override
  String protocol() {
    return "grpc";
  }

  @Override
  ForkedApp.Builder configure(ForkedApp.Builder builder, OtlpReceiver receiver) {
    return builder
        .sysProp("reqtrace.exporter", "otlp")
        .env("OTEL_SERVICE_NAME", SERVICE)
        .env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.grpcUrl())
        .env("OTEL_EXPORTER_OTLP_HEADERS", "x-reqtrace-it=secret-value")
        .env("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=it");
  }
}
