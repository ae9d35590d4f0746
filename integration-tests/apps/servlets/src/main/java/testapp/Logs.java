package testapp;

import org.apache.logging.log4j.LogManager;

/** Logs every message twice, once through SLF4J and once through the Log4j2 API. */
public final class Logs {
  private Logs() {}

  /** {@code "<msg> via=slf4j"} then {@code "<msg> via=log4j"}, both under {@code owner}'s name. */
  public static void both(Class<?> owner, String msg) {
    org.slf4j.LoggerFactory.getLogger(owner).info("{} via=slf4j", msg);
    LogManager.getLogger(owner).info("{} via=log4j", msg);
  }
}
