package dev.reqtrace.it;

class SpringBootRequestIdIT extends AbstractRequestIdIT {
  @Override
  protected TestApp testApp() {
    return TestApp.SPRINGBOOT;
  }
}
