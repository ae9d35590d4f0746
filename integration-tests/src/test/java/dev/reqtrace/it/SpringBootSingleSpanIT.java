package dev.reqtrace.it;

class SpringBootSingleSpanIT extends AbstractSingleSpanIT {
  @Override
  protected TestApp testApp() {
    return TestApp.SPRINGBOOT;
  }
}
