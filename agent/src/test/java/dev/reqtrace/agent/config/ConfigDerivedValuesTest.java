package dev.reqtrace.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConfigDerivedValuesTest {

  @Test
  void configuredServiceNameWins() {
    Config config = new Resolution()
        .env("REQTRACE_SERVICE", "shop")
        .sysProp("sun.java.command", "/srv/other.jar")
        .resolve();
    assertThat(config.serviceName()).isEqualTo("shop");
  }

  @Test
  void serviceNameFallsBackToResourceAttribute() {
    Config config = new Resolution()
        .env("OTEL_RESOURCE_ATTRIBUTES", "service.name=billing,team=a")
        .sysProp("sun.java.command", "/srv/other.jar")
        .resolve();
    assertThat(config.serviceName()).isEqualTo("billing");
  }

  @Test
  void serviceNameIsDerivedFromMainJarWithoutVersion() {
    Config config = new Resolution().sysProp("sun.java.command", "/srv/petclinic-3.1.0-SNAPSHOT.jar --port=8080")
        .resolve();
    assertThat(config.serviceName()).isEqualTo("petclinic");
  }

  @Test
  void serviceNameIsDerivedFromMainClassSimpleName() {
    assertThat(ServiceNames.fromJavaCommand("com.example.shop.ShopApplication arg")).isEqualTo("ShopApplication");
    assertThat(ServiceNames.fromJavaCommand("Main")).isEqualTo("Main");
  }

  @Test
  void serviceNameOfKnownLaunchersIsTheContainer() {
    assertThat(ServiceNames.fromJavaCommand("org.apache.catalina.startup.Bootstrap start")).isEqualTo("tomcat");
    assertThat(ServiceNames.fromJavaCommand("/opt/jetty/start.jar jetty.http.port=8080")).isEqualTo("jetty");
  }

  @Test
  void serviceNameIsUnknownWithoutCommand() {
    assertThat(new Resolution().resolve().serviceName()).isEqualTo("unknown_service:java");
  }

  @Test
  void otlpEndpointDefaultsToTheLocalCollectorPortOfTheProtocol() {
    assertThat(new Resolution().resolve().otlpEndpoint()).isEqualTo("http://localhost:4318");
    assertThat(new Resolution().env("REQTRACE_OTLP_PROTOCOL", "grpc").resolve().otlpEndpoint())
        .isEqualTo("http://localhost:4317");
  }

  @Test
  void otlpEndpointIsTheConfiguredBaseUrlWithoutTrailingSlash() {
    assertThat(new Resolution().agentArgs("otlp.endpoint=http://otel:4318/").resolve().otlpEndpoint())
        .isEqualTo("http://otel:4318");
  }

  @Test
  void unlistedInstrumentationIsAProgrammingError() {
    assertThatThrownBy(() -> Config.defaults().instrumentationEnabled("kafka"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("instrumentation 'kafka' is not in Keys.INSTRUMENTATIONS");
  }

  @Test
  void keyOutsideKeysIsAProgrammingError() {
    Key<String> stray = Key.string("reqtrace.stray", "", "Not registered.");
    assertThatThrownBy(() -> Config.defaults().get(stray))
        .hasMessage("reqtrace.stray is not in Keys.all()");
  }

  @Test
  void suggestionsAllowAtMostTwoEdits() {
    assertThat(Suggestions.distance("reqtrace.slow.treshold", "reqtrace.slow.threshold")).isEqualTo(1);
    assertThat(Suggestions.closest("reqtrace.SLOW.threshold", java.util.List.of("reqtrace.slow.threshold")))
        .isEqualTo("reqtrace.slow.threshold");
    assertThat(Suggestions.closest("reqtrace.slw.thrshld", java.util.List.of("reqtrace.slow.threshold")))
        .isNull();
  }
}
