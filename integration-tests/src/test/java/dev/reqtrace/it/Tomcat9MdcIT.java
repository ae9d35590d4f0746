package dev.reqtrace.it;

class Tomcat9MdcIT extends AbstractMdcIT {
  @Override
  protected TestApp testApp() {
    return TestApp.TOMCAT9;
  }
}
