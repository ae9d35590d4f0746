package dev.reqtrace.it;

class SpringBoot4RequestIdIT extends AbstractRequestIdIT {
  @Override
  protected TestApp testApp() {
    return TestApp.SPRINGBOOT4;
  }
}
