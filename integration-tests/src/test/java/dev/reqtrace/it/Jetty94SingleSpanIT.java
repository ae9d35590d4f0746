package dev.reqtrace.it;

class Jetty94SingleSpanIT extends AbstractSingleSpanIT {
  @Override
  protected TestApp testApp() {
    return TestApp.JETTY94;
  }
}
