package dev.reqtrace.it;

class Tomcat9SingleSpanIT extends AbstractSingleSpanIT {
  @Override
  protected TestApp testApp() {
    return TestApp.TOMCAT9;
  }
}
