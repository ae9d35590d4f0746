package dev.reqtrace.agent.otlp;

import io.opentelemetry.sdk.common.export.GrpcSender;
import io.opentelemetry.sdk.common.export.GrpcSenderConfig;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;

/**
 * Found by the SDK's ServiceLoader look-up (META-INF/services, relocated with the SDK in the agent
 * jar); the only gRPC sender in the jar. See {@link H2GrpcSender} for why it exists.
 */
public final class H2GrpcSenderProvider implements GrpcSenderProvider {
  @Override
  public GrpcSender createSender(GrpcSenderConfig grpcSenderConfig) {
    return new H2GrpcSender(grpcSenderConfig);
  }
}
