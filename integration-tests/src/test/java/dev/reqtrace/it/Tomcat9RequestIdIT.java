package dev.reqtrace.it;

class Tomcat9RequestIdIT extends AbstractRequestIdIT {
  @Override
  protected TestApp testApp() {
    return TestApp.TOMCAT9;
  }
}
