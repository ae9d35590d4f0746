package dev.reqtrace.it;

/** Spring Boot 3.5 (Hibernate 6). */
class SpringBootJpaNPlusOneIT extends AbstractJpaNPlusOneIT {
  @Override
  protected String appDir() {
    return "springboot-jpa";
  }
}
