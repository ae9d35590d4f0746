package dev.reqtrace.it;

/** Spring Boot 4 (Hibernate 7). */
class SpringBoot4JpaNPlusOneIT extends AbstractJpaNPlusOneIT {
  @Override
  protected TestApp testApp() {
    return TestApp.SPRINGBOOT4;
  }
}
