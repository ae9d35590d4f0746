package dev.reqtrace.it;

class Tomcat11RequestIdIT extends AbstractRequestIdIT {
  @Override
  protected TestApp testApp() {
    return TestApp.TOMCAT11;
  }
}
