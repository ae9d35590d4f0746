package dev.reqtrace.it;

import org.junit.jupiter.api.DisplayNameGenerator;

/**
 * Class display names carry the JDK the apps were forked on: the suite runs twice (default JDK,
 * JDK 25) and the reports must say which run failed. Registered in the failsafe configuration.
 */
public class JdkDisplayNames extends DisplayNameGenerator.Standard {
  @Override
  public String generateDisplayNameForClass(Class<?> testClass) {
    return super.generateDisplayNameForClass(testClass) + " [" + Harness.jdkLabel() + "]";
  }
}
