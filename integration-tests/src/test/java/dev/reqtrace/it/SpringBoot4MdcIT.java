package dev.reqtrace.it;

class SpringBoot4MdcIT extends AbstractMdcIT {
  @Override
  protected TestApp testApp() {
    return TestApp.SPRINGBOOT4;
  }
}
