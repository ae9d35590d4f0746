package dev.reqtrace.it;

class SpringBoot4SingleSpanIT extends AbstractSingleSpanIT {
  @Override
  protected TestApp testApp() {
    return TestApp.SPRINGBOOT4;
  }
}
