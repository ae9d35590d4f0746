package org.eclipse.jetty.fake;

/**
 * Stands in for Jetty 12 ee10's {@code ServletApiRequest}, whose merged {@code _parameters} is set
 * once query and content parameters were extracted. In a Jetty package because the probe only
 * trusts that field name on Jetty classes.
 */
public class FakeJetty12Request {
  @SuppressWarnings("unused")
  private Object _parameters;

  /** What {@code getParameters()} does to the field. */
  public void parse() {
    _parameters = new Object();
  }
}
