package dev.reqtrace.it;

/** OTLP over http/protobuf, configured with reqtrace's own keys. */
class OtlpHttpExportIT extends AbstractOtlpExportIT {
  @Override
  String protocol() {
    return "http/protobuf";
  }

  @Override
  ForkedApp.Builder configure(ForkedApp.Builder builder, OtlpReceiver receiver) {
    return builder
        .sysProp("reqtrace.exporter", "otlp")
        .sysProp("reqtrace.service", SERVICE)
        .sysProp("reqtrace.otlp.endpoint", receiver.httpUrl());
  }
}
