package dev.reqtrace.it;

class Jetty12SingleSpanIT extends AbstractSingleSpanIT {
  @Override
  protected TestApp testApp() {
    return TestApp.JETTY12;
  }
}
