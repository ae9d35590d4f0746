package dev.reqtrace.it;

class Jetty12RequestIdIT extends AbstractRequestIdIT {
  @Override
  protected TestApp testApp() {
    return TestApp.JETTY12;
  }
}
