package dev.reqtrace.bootstrap;

import java.util.function.Function;

/**
 * Finds the {@link ServletBridge} of a request's class: the agent installs the factory at start,
 * which defines the bridge for the servlet API that class implements. One lookup per request class,
 * kept on the class itself ({@link ClassValue}), so a redeployed webapp's classes can still go.
 */
public final class ServletBridges {
  /** What a request gets when no bridge could be made for it: not traced, served as usual. */
  private static final ServletBridge NONE = new ServletBridge() {
    @Override
    public Activation enter(Object request, Object response) {
      return null;
    }

    @Override
    public void exit(Object request, Object response, Activation activation, Throwable thrown) {
    }
  };

  private static volatile Function<Class<?>, ServletBridge> factory;

  private static final ClassValue<ServletBridge> BY_REQUEST_CLASS = new ClassValue<>() {
    @Override
    protected ServletBridge computeValue(Class<?> requestClass) {
      Function<Class<?>, ServletBridge> make = factory;
      if (make == null) {
        return NONE; // cannot happen: the agent installs the factory before any advice runs
      }
      try {
        ServletBridge bridge = make.apply(requestClass);
        return bridge != null ? bridge : NONE;
      } catch (Throwable e) {
        Failures.record(Failures.ADVICE, e);
        return NONE;
      }
    }
  };

  private ServletBridges() {}

  /** Called once by the agent before its instrumentation is installed. */
  public static void install(Function<Class<?>, ServletBridge> bridgeFactory) {
    factory = bridgeFactory;
  }

  /** Called by the advice on entry. */
  public static Activation enter(Object request, Object response) {
    return BY_REQUEST_CLASS.get(request.getClass()).enter(request, response);
  }

  /** Called by the advice on exit. */
  public static void exit(Object request, Object response, Activation activation,
      Throwable thrown) {
    BY_REQUEST_CLASS.get(request.getClass()).exit(request, response, activation, thrown);
  }
}
