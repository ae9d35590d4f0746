package dev.reqtrace.agent.otlp;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.jar.JarFile;

/**
 * The resource every span and metric carries, built by hand: the SDK's autoconfigure module would
 * do it but costs jar size and start-up time. Operator-given attributes
 * ({@code reqtrace.otlp.resource_attributes} / {@code OTEL_RESOURCE_ATTRIBUTES}) win over detected
 * ones; the service name is the agent's ({@code reqtrace.service} / {@code OTEL_SERVICE_NAME}).
 */
final class OtlpResource {
  private OtlpResource() {}

  static Resource build(String serviceName, Map<String, String> configured, String agentVersion,
      String javaCommand) {
    AttributesBuilder detected = Attributes.builder()
        .put("telemetry.distro.name", "reqtrace")
        .put("telemetry.distro.version", agentVersion)
        .put(AttributeKey.longKey("process.pid"), ProcessHandle.current().pid())
        .put("process.runtime.name", System.getProperty("java.runtime.name", "java"))
        .put("process.runtime.version", System.getProperty("java.runtime.version",
            System.getProperty("java.version", "")))
        .put("process.runtime.description", System.getProperty("java.vm.vendor", "") + " "
            + System.getProperty("java.vm.name", "") + " " + System.getProperty("java.vm.version", ""));
    String host = hostName();
    if (host != null) {
      detected.put("host.name", host);
    }
    String version = serviceVersion(javaCommand);
    if (version != null) {
      detected.put("service.version", version);
    }
    AttributesBuilder given = Attributes.builder();
    configured.forEach(given::put);
    given.put("service.name", serviceName);
    // Resource.getDefault() brings telemetry.sdk.name/language/version.
    return Resource.getDefault().merge(Resource.create(detected.build())).merge(Resource.create(given.build()));
  }

  /** The kernel's host name; no DNS look-up, which can hang start-up on a misconfigured host. */
  static String hostName() {
    try {
      Path kernel = Paths.get("/proc/sys/kernel/hostname");
      if (Files.isReadable(kernel)) {
        String name = new String(Files.readAllBytes(kernel), StandardCharsets.UTF_8).trim();
        if (!name.isEmpty()) {
          return name;
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through to the environment
    }
    String env = System.getenv("HOSTNAME");
    if (env == null || env.isEmpty()) {
      env = System.getenv("COMPUTERNAME");
    }
    return env == null || env.isEmpty() ? null : env;
  }

  /** {@code Implementation-Version} of the main jar when the app runs as {@code java -jar}. */
  static String serviceVersion(String javaCommand) {
    if (javaCommand == null || javaCommand.isEmpty()) {
      return null;
    }
    String first = javaCommand.split(" ", 2)[0];
    if (!first.endsWith(".jar")) {
      return null;
    }
    try (JarFile jar = new JarFile(first)) {
      return jar.getManifest() == null ? null
          : jar.getManifest().getMainAttributes().getValue("Implementation-Version");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
