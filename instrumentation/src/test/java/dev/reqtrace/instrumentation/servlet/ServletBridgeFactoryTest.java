package dev.reqtrace.instrumentation.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reqtrace.bootstrap.ServletBridge;
import jakarta.servlet.ServletRequest;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** Which bridge a request class gets, and where the bridge class is defined. */
class ServletBridgeFactoryTest {
  private final ServletBridgeFactory factory = new ServletBridgeFactory();

  @Test
  void eachServletApiGetsItsOwnBridgeDefinedBelowTheApisLoader() {
    ServletBridge jakarta = factory.apply(proxyOf(jakarta.servlet.http.HttpServletRequest.class));
    ServletBridge javax = factory.apply(proxyOf(javax.servlet.http.HttpServletRequest.class));

    assertThat(jakarta.getClass().getSimpleName()).isEqualTo("JakartaServletBridge");
    assertThat(javax.getClass().getSimpleName()).isEqualTo("JavaxServletBridge");
    // Not the agent jar's copy: a loader of its own, child of the one that defines the API.
    assertThat(jakarta.getClass().getClassLoader()).isNotSameAs(getClass().getClassLoader());
    assertThat(jakarta.getClass().getClassLoader().getParent())
        .isSameAs(ServletRequest.class.getClassLoader());
  }

  @Test
  void requestClassesOfOneApiShareOneBridge() {
    ServletBridge plain = factory.apply(proxyOf(ServletRequest.class));
    ServletBridge http = factory.apply(proxyOf(jakarta.servlet.http.HttpServletRequest.class));

    assertThat(plain).isSameAs(http);
  }

  @Test
  void aClassOfNeitherApiGetsNoBridge() {
    assertThat(factory.apply(String.class)).isNull();
  }

  private static Class<?> proxyOf(Class<?> requestInterface) {
    return Proxy.newProxyInstance(requestInterface.getClassLoader(),
        new Class<?>[] {requestInterface}, (proxy, method, args) -> null).getClass();
  }
}
