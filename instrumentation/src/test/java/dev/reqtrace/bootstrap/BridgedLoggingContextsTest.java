package dev.reqtrace.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * Two logging contexts where one is bridged to the other (Spring Boot's Log4j API over SLF4J, or
 * SLF4J over Log4j2) take the request's IDs once; two separate ones both take them.
 */
class BridgedLoggingContextsTest {
  private static final String[] KEYS = {"request_id", "trace_id", "span_id"};

  /** A context bridged to SLF4J's MDC, as log4j-to-slf4j's ThreadContext map is; counts writes. */
  public static final class BridgedToMdc {
    static int writes;

    public static void put(String key, String value) {
      writes++;
      MDC.put(key, value);
    }

    public static String get(String key) {
      return MDC.get(key);
    }

    public static void remove(String key) {
      writes++;
      MDC.remove(key);
    }
  }

  /** A context of its own. */
  public static final class Separate {
    static final ThreadLocal<Map<String, String>> VALUES = ThreadLocal.withInitial(HashMap::new);

    public static void put(String key, String value) {
      VALUES.get().put(key, value);
    }

    public static String get(String key) {
      return VALUES.get().get(key);
    }

    public static void remove(String key) {
      VALUES.get().remove(key);
    }
  }

  @AfterEach
  void clear() {
    MDC.clear();
    Separate.VALUES.remove();
    BridgedToMdc.writes = 0;
  }

  @Test
  void aContextBridgedToTheOneWrittenBeforeIsNotWrittenAgain() {
    RequestScope scope = newScope();
    Activation activation = Activation.begin(ThreadState.current(), scope, false,
        new MdcTarget[] {MdcTarget.of(MDC.class), MdcTarget.of(BridgedToMdc.class)});
    assertThat(MDC.get("request_id")).isEqualTo(scope.requestId());
    assertThat(MDC.get("span_id")).isEqualTo(scope.spanId());
    activation.restore();
    assertThat(MDC.getCopyOfContextMap()).doesNotContainKeys(KEYS);
    assertThat(BridgedToMdc.writes).as("writes through the bridge").isZero();
  }

  @Test
  void aBridgedContextKeepsWhatTheThreadHeldBefore() {
    MDC.put("request_id", "outer-id");
    RequestScope scope = newScope();
    Activation activation = Activation.begin(ThreadState.current(), scope, false,
        new MdcTarget[] {MdcTarget.of(MDC.class), MdcTarget.of(BridgedToMdc.class)});
    assertThat(BridgedToMdc.get("request_id")).isEqualTo(scope.requestId());
    activation.restore();
    assertThat(MDC.get("request_id")).isEqualTo("outer-id");
    assertThat(MDC.get("trace_id")).isNull();
  }

  @Test
  void separateContextsBothTakeTheIds() {
    RequestScope scope = newScope();
    Activation activation = Activation.begin(ThreadState.current(), scope, false,
        new MdcTarget[] {MdcTarget.of(MDC.class), MdcTarget.of(Separate.class)});
    for (String key : KEYS) {
      assertThat(Separate.get(key)).as(key).isNotNull().isEqualTo(MDC.get(key));
    }
    activation.restore();
    assertThat(Separate.VALUES.get()).isEmpty();
    assertThat(MDC.getCopyOfContextMap()).doesNotContainKeys(KEYS);
  }

  /** A request's scope, with this thread's own logging contexts restored right away. */
  private static RequestScope newScope() {
    Activation started = RequestScope.start("GET", "/x", null, null);
    started.restore();
    return started.scope();
  }
}
