package testapp.boot;

import org.apache.logging.log4j.LogManager;

/** Logs every message twice, once through SLF4J and once through the Log4j2 API. */
final class Logs {
  private Logs() {}

  static void both(Class<?> owner, String msg) {
    org.slf4j.LoggerFactory.getLogger(owner).info("{} via=slf4j", msg);
    LogManager.getLogger(owner).info("{} via=log4j", msg);
  }
}
