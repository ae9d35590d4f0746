package dev.reqtrace.it;

class Jetty94MdcIT extends AbstractMdcIT {
  @Override
  protected TestApp testApp() {
    return TestApp.JETTY94;
  }
}
