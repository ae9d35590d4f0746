package dev.reqtrace.instrumentation.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reqtrace.bootstrap.Activation;
import dev.reqtrace.bootstrap.RequestScope;
import dev.reqtrace.bootstrap.ServletBridge;
import jakarta.servlet.ServletRequest;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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

  /** The javax bridge is the jakarta class file renamed: it must run against the javax API. */
  @Test
  void theJavaxBridgeServesAJavaxRequestAndReadsJavaxsErrorAttribute() {
    List<RequestScope> ended = new CopyOnWriteArrayList<>();
    RequestScope.configure("X-Request-ID", ended::add);
    try {
      IllegalStateException handled = new IllegalStateException("shown on the error page");
      Map<String, Object> attributes = new HashMap<>();
      attributes.put("javax.servlet.error.exception", handled);
      Map<String, String> responseHeaders = new HashMap<>();
      Object request = Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {javax.servlet.http.HttpServletRequest.class}, (proxy, method, args) -> {
            switch (method.getName()) {
              case "getMethod": return "GET";
              case "getRequestURI": return "/owners/7";
              case "getAttribute": return attributes.get((String) args[0]);
              case "setAttribute": attributes.put((String) args[0], args[1]); return null;
              default: return null;
            }
          });
      Object response = Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {javax.servlet.http.HttpServletResponse.class}, (proxy, method, args) -> {
            switch (method.getName()) {
              case "setHeader": responseHeaders.put((String) args[0], (String) args[1]); return null;
              case "getStatus": return 500;
              case "isCommitted": return false;
              default: return null;
            }
          });
      ServletBridge bridge = factory.apply(request.getClass());

      Activation activation = bridge.enter(request, response);
      bridge.exit(request, response, activation, null);

      assertThat(ended).hasSize(1);
      assertThat(responseHeaders).containsEntry("X-Request-ID", ended.get(0).requestId());
      assertThat(ended.get(0).status()).isEqualTo(500);
      assertThat(ended.get(0).thrown()).isSameAs(handled);
    } finally {
      RequestScope.configure("X-Request-ID", null);
    }
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
