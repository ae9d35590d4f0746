package dev.reqtrace.it;

class Jetty94RequestIdIT extends AbstractRequestIdIT {
  @Override
  protected TestApp testApp() {
    return TestApp.JETTY94;
  }
}
