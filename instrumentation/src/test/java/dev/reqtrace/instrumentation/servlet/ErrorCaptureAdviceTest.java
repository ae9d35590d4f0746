package dev.reqtrace.instrumentation.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reqtrace.bootstrap.ErrorDetails;
import dev.reqtrace.bootstrap.RequestScope;
import dev.reqtrace.bootstrap.ServletBridges;
import dev.reqtrace.instrumentation.AdviceInstaller;
import dev.reqtrace.instrumentation.servlet.fixtures.Seen;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exit advice copies a failed request's details, and only a failed request's. */
class ErrorCaptureAdviceTest {
  private static final String FIXTURES = FixtureLoader.FIXTURES;
  private final List<RequestScope> ended = new CopyOnWriteArrayList<>();
  private final AtomicInteger parameterMapCalls = new AtomicInteger();
  private final AtomicInteger queryStringCalls = new AtomicInteger();
  private Instrumentation instrumentation;
  private ClassFileTransformer transformer;
  private ClassLoader loader;
  private boolean urlThrows;

  @BeforeEach
  void install() {
    instrumentation = ByteBuddyAgent.install();
    loader = new FixtureLoader();
    RequestScope.configure("X-Request-ID", ended::add);
    ServletBridges.install(new ServletBridgeFactory()); // as the agent does at start
    transformer = AdviceInstaller.install(instrumentation, ServletInstrumentation.jakarta(), loader);
  }

  @AfterEach
  void reset() {
    instrumentation.removeTransformer(transformer);
    RequestScope.configure("X-Request-ID", null);
    Seen.IDS.clear();
  }

  @Test
  void copiesAFailedRequestsDetailsWithoutReadingUnparsedParameters() throws Exception {
    FakeHttp http = new FakeHttp("/boom");
    http.requestHeaders.put("User-Agent", "curl/8.5");
    http.requestHeaders.put("Authorization", "Bearer abc");
    http.requestHeaders.put("X-Customer-Secret", "never copied");
    assertThatThrownBy(() -> servlet().service(request(http), http.response())).hasMessage("boom");

    ErrorDetails details = ended.get(0).errorDetails();
    assertThat(details.url()).isEqualTo("http://127.0.0.1:8080/boom");
    assertThat(details.queryString()).isEqualTo("q=1&password=hunter2");
    assertThat(details.headers()).containsExactly(
        Map.entry("User-Agent", "curl/8.5"), Map.entry("Authorization", "Bearer abc"));
    assertThat(details.user()).isEqualTo("alice");
    assertThat(details.sessionHash()).matches("[0-9a-f]{16}");
    // A proxy is no container request whose parsing state is known: its body stays unread.
    assertThat(details.parametersKnown()).isFalse();
    assertThat(parameterMapCalls).hasValue(0);
  }

  @Test
  void copiesNothingForASuccessfulRequest() throws Exception {
    FakeHttp http = new FakeHttp("/fine");
    servlet().service(request(http), http.response());
    assertThat(ended).singleElement().satisfies(s -> assertThat(s.errorDetails()).isNull());
    assertThat(queryStringCalls).hasValue(0);
  }

  @Test
  void aContainerFailingWhileCopyingStillEndsTheRequest() throws Exception {
    urlThrows = true;
    FakeHttp http = new FakeHttp("/boom");
    assertThatThrownBy(() -> servlet().service(request(http), http.response())).hasMessage("boom");
    assertThat(ended).singleElement().satisfies(s -> {
      assertThat(s.status()).isEqualTo(500);
      assertThat(s.errorDetails().url()).isNull();
    });
  }

  /** FakeHttp's request plus what the capture reads. */
  private HttpServletRequest request(FakeHttp http) {
    HttpServletRequest base = http.request();
    return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "getRequestURL":
              if (urlThrows) {
                throw new IllegalStateException("request recycled");
              }
              return new StringBuffer("http://127.0.0.1:8080" + http.uri);
            case "getQueryString":
              queryStringCalls.incrementAndGet();
              return "q=1&password=hunter2";
            case "getUserPrincipal": return (Principal) () -> "alice";
            case "getRequestedSessionId": return "SESSION-123";
            case "getParameterMap":
              parameterMapCalls.incrementAndGet();
              return Map.of();
            case "hashCode": return System.identityHashCode(proxy);
            case "equals": return proxy == args[0];
            default: return method.invoke(base, args);
          }
        });
  }

  private Servlet servlet() throws Exception {
    return (Servlet) loader.loadClass(FIXTURES + "SuperCallingServlet").getConstructor().newInstance();
  }
}
