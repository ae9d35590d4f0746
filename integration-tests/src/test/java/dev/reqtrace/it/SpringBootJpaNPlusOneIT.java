package dev.reqtrace.it;

/** Spring Boot 3.5 (Hibernate 6). */
class SpringBootJpaNPlusOneIT extends AbstractJpaNPlusOneIT {
  @Override
  protected TestApp testApp() {
    return TestApp.SPRINGBOOT_JPA;
  }
}
