package dev.reqtrace.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.fake.FakeJetty12Request;
import org.junit.jupiter.api.Test;

class ParsedParametersTest {
  /** Shaped like Tomcat's {@code connector.Request}. */
  public static class TomcatLike {
    boolean parsed;

    public boolean isParametersParsed() {
      return parsed;
    }
  }

  /** Shaped like Tomcat's {@code connector.RequestFacade}, what servlets and filters get. */
  public static class TomcatLikeRequestFacade {
    @SuppressWarnings("unused")
    private final Object request;

    TomcatLikeRequestFacade(Object request) {
      this.request = request;
    }
  }

  /** Shaped like Jetty 9.4's {@code server.Request}. */
  public static class Jetty94Like {
    @SuppressWarnings("unused")
    private boolean _contentParamsExtracted;

    void extract() {
      _contentParamsExtracted = true;
    }
  }

  /** A subclass, as containers wrap their own request types. */
  public static class Jetty94Subclass extends Jetty94Like {}

  /** Has a field of the Jetty 12 name, but is no Jetty class: not trusted. */
  public static class NotJetty {
    @SuppressWarnings("unused")
    private Object _parameters = new Object();
  }

  @Test
  void asksTomcatsPublicFlag() {
    TomcatLike request = new TomcatLike();
    assertThat(ParsedParameters.known(request)).isFalse();
    request.parsed = true;
    assertThat(ParsedParameters.known(request)).isTrue();
  }

  @Test
  void asksTheRequestBehindTomcatsFacade() {
    TomcatLike request = new TomcatLike();
    TomcatLikeRequestFacade facade = new TomcatLikeRequestFacade(request);
    assertThat(ParsedParameters.known(facade)).isFalse();
    request.parsed = true;
    assertThat(ParsedParameters.known(facade)).isTrue();
    assertThat(ParsedParameters.known(new TomcatLikeRequestFacade(null))).isFalse();
    assertThat(ParsedParameters.known(new TomcatLikeRequestFacade(new Object()))).isFalse();
  }

  @Test
  void readsJetty94sContentFlagAlsoFromASubclass() {
    Jetty94Subclass request = new Jetty94Subclass();
    assertThat(ParsedParameters.known(request)).isFalse();
    request.extract();
    assertThat(ParsedParameters.known(request)).isTrue();
  }

  @Test
  void readsJetty12sMergedParameters() {
    FakeJetty12Request request = new FakeJetty12Request();
    assertThat(ParsedParameters.known(request)).isFalse();
    request.parse();
    assertThat(ParsedParameters.known(request)).isTrue();
  }

  @Test
  void anUnknownRequestIsNeverReadForParameters() {
    assertThat(ParsedParameters.known(new NotJetty())).isFalse();
    assertThat(ParsedParameters.known(new Object())).isFalse();
    assertThat(ParsedParameters.known(null)).isFalse();
  }
}
