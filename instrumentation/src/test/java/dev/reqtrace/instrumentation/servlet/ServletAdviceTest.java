package dev.reqtrace.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.is;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reqtrace.bootstrap.RequestScope;
import dev.reqtrace.bootstrap.ServletBridges;
import dev.reqtrace.bootstrap.ThreadState;
import dev.reqtrace.instrumentation.AdviceInstaller;
import dev.reqtrace.instrumentation.servlet.fixtures.Seen;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.Servlet;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The servlet advice applied for real by Byte Buddy, to classes of a throwaway class loader. */
class ServletAdviceTest {
  private static final String FIXTURES = FixtureLoader.FIXTURES;
  private final List<RequestScope> ended = new CopyOnWriteArrayList<>();
  private Instrumentation instrumentation;
  private ClassFileTransformer transformer;
  private ClassLoader loader;

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
  void aServiceCallingSuperServiceTwiceIsOneRequest() throws Exception {
    FakeHttp http = new FakeHttp("/owners/1");
    servlet("SuperCallingServlet").service(http.request(), http.response());

    assertThat(ended).hasSize(1);
    String id = ended.get(0).requestId();
    assertThat(id).matches("[0-9a-f]{32}");
    assertThat(http.responseHeaders).containsEntry("X-Request-ID", id);
    assertThat(http.attributes).containsEntry(RequestScope.ATTRIBUTE, id);
  }

  @Test
  void aChainOfThreeFiltersIsOneRequest() throws Exception {
    Servlet servlet = servlet("SuperCallingServlet");
    Filter[] filters = {filter(), filter(), filter()};
    FakeHttp http = new FakeHttp("/chain");
    http.requestHeaders.put("X-Request-ID", "from-the-client");
    chain(filters, 0, servlet).doFilter(http.request(), http.response());

    assertThat(ended).extracting(RequestScope::requestId).containsExactly("from-the-client");
    assertThat(Seen.IDS).containsExactly("from-the-client");
    assertThat(http.responseHeaders).containsEntry("X-Request-ID", "from-the-client");
  }

  @Test
  void anEscapingExceptionIsRecordedAs500AndStillReachesTheCaller() throws Exception {
    FakeHttp http = new FakeHttp("/boom");
    assertThatThrownBy(() -> servlet("SuperCallingServlet").service(http.request(), http.response()))
        .hasMessage("boom");
    assertThat(ended).singleElement().satisfies(s -> {
      assertThat(s.status()).isEqualTo(500);
      assertThat(s.thrown()).hasMessage("boom");
    });
  }

  @Test
  void aListenerThrowingOnTheScopeAttributeStillEndsTheRequestAndFreesTheThread() throws Exception {
    FakeHttp http = new FakeHttp("/not-found");
    http.listenerExpectsStrings = true; // the scope, set on exit for a 404, is no String

    servlet("SuperCallingServlet").service(http.request(), http.response());

    assertThat(ended).singleElement().satisfies(s -> assertThat(s.status()).isEqualTo(404));
    assertThat(ThreadState.current().scope()).as("the request still active on this thread").isNull();
  }

  @Test
  void aListenerThrowingOnEveryAttributeStillGetsTheHeaderAndTheRequestEnds() throws Exception {
    FakeHttp http = new FakeHttp("/owners/1");
    http.listenerAlwaysThrows = true;

    servlet("SuperCallingServlet").service(http.request(), http.response());

    assertThat(ended).singleElement().satisfies(s -> {
      assertThat(s.status()).isEqualTo(200);
      assertThat(http.responseHeaders).containsEntry("X-Request-ID", s.requestId());
    });
    assertThat(ThreadState.current().scope()).isNull();
  }

  @Test
  void anExceptionAfterA404IsThe500TheContainerSends() throws Exception {
    FakeHttp http = new FakeHttp("/not-found-then-boom");
    assertThatThrownBy(() -> servlet("SuperCallingServlet").service(http.request(), http.response()))
        .hasMessage("after 404");

    assertThat(ended).singleElement().satisfies(s -> {
      assertThat(s.status()).isEqualTo(500);
      assertThat(s.thrown()).hasMessage("after 404");
    });
  }

  @Test
  void aContainerExceptionWithAClientStatusIsThatStatusAndNoServerError() throws Exception {
    FakeHttp http = new FakeHttp("/bad-message");
    assertThatThrownBy(() -> servlet("SuperCallingServlet").service(http.request(), http.response()))
        .hasMessage("bad message 400");

    assertThat(ended).singleElement().satisfies(s -> {
      assertThat(s.status()).isEqualTo(400);
      assertThat(s.thrown()).isNull();
    });
  }

  @Test
  void anExceptionAfterTheResponseWasCommittedKeepsTheStatusSent() throws Exception {
    FakeHttp http = new FakeHttp("/not-found-then-boom");
    http.committed = true;
    assertThatThrownBy(() -> servlet("SuperCallingServlet").service(http.request(), http.response()))
        .hasMessage("after 404");

    assertThat(ended).singleElement().satisfies(s -> assertThat(s.status()).isEqualTo(404));
  }

  @Test
  void exposesTheHeaderToCrossOriginScripts() throws Exception {
    FakeHttp http = new FakeHttp("/x");
    http.requestHeaders.put("Origin", "http://localhost:1234");
    servlet("SuperCallingServlet").service(http.request(), http.response());
    assertThat(http.responseHeaders).containsEntry("Access-Control-Expose-Headers", "X-Request-ID");
  }

  @Test
  void throwingAdviceNeverBreaksTheApplicationMethod() throws Exception {
    instrumentation.removeTransformer(transformer);
    ClassLoader fresh = new FixtureLoader();
    transformer = new AgentBuilder.Default().disableClassFormatChanges()
        .type(named(FIXTURES + "SuperCallingServlet"), is(fresh))
        .transform(new AgentBuilder.Transformer.ForAdvice().include(getClass().getClassLoader())
            .advice(named("service"), ThrowingAdvice.class.getName()))
        .installOn(instrumentation);
    FakeHttp http = new FakeHttp("/fine");
    ((Servlet) fresh.loadClass(FIXTURES + "SuperCallingServlet").getConstructor().newInstance())
        .service(http.request(), http.response());
    assertThat(http.status).isEqualTo(200);
    assertThat(Seen.IDS).hasSize(1);
  }

  /** Advice that fails on both ends. */
  public static final class ThrowingAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter() {
      throw new IllegalStateException("advice enter failed");
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit() {
      throw new IllegalStateException("advice exit failed");
    }
  }

  private Servlet servlet(String simpleName) throws Exception {
    return (Servlet) loader.loadClass(FIXTURES + simpleName).getConstructor().newInstance();
  }

  private Filter filter() throws Exception {
    return (Filter) loader.loadClass(FIXTURES + "PassingFilter").getConstructor().newInstance();
  }

  private static FilterChain chain(Filter[] filters, int index, Servlet servlet) {
    return (req, res) -> {
      if (index < filters.length) {
        filters[index].doFilter(req, res, chain(filters, index + 1, servlet));
      } else {
        servlet.service(req, res);
      }
    };
  }
}
