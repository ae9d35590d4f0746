package dev.reqtrace.it;

class WarTomcat9RequestIdIT extends AbstractRequestIdIT {
  @Override
  protected TestApp testApp() {
    return TestApp.WAR_TOMCAT9;
  }
}
