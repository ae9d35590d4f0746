package dev.reqtrace.it;

class Jetty12MdcIT extends AbstractMdcIT {
  @Override
  protected TestApp testApp() {
    return TestApp.JETTY12;
  }
}
