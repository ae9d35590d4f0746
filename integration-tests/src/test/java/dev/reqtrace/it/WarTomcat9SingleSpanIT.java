package dev.reqtrace.it;

class WarTomcat9SingleSpanIT extends AbstractSingleSpanIT {
  @Override
  protected TestApp testApp() {
    return TestApp.WAR_TOMCAT9;
  }
}
