package dev.reqtrace.it;

class SpringBootMdcIT extends AbstractMdcIT {
  @Override
  protected TestApp testApp() {
    return TestApp.SPRINGBOOT;
  }
}
