package dev.reqtrace.it;

class Tomcat11SingleSpanIT extends AbstractSingleSpanIT {
  @Override
  protected TestApp testApp() {
    return TestApp.TOMCAT11;
  }
}
