package dev.reqtrace.it;

class WarTomcat9MdcIT extends AbstractMdcIT {
  @Override
  protected TestApp testApp() {
    return TestApp.WAR_TOMCAT9;
  }
}
