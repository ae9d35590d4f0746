package dev.reqtrace.it;

class Tomcat11MdcIT extends AbstractMdcIT {
  @Override
  protected TestApp testApp() {
    return TestApp.TOMCAT11;
  }
}
