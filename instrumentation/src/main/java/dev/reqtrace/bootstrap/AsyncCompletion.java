package dev.reqtrace.bootstrap;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

/**
 * The behaviour of the {@code AsyncListener} proxy: ends the request on {@code onComplete}, and
 * remembers the failure of {@code onError}/{@code onTimeout} for it.
 */
final class AsyncCompletion implements InvocationHandler {
  /** Per listener interface: AsyncEvent.getSuppliedResponse, getThrowable, HttpServletResponse.getStatus. */
  private static final ClassValue<Method[]> EVENT_METHODS = new ClassValue<Method[]>() {
    @Override
    protected Method[] computeValue(Class<?> listenerInterface) {
      String namespace = listenerInterface.getPackage().getName();
      ClassLoader loader = listenerInterface.getClassLoader();
      try {
        Class<?> event = Class.forName(namespace + ".AsyncEvent", false, loader);
        Class<?> response = Class.forName(namespace + ".http.HttpServletResponse", false, loader);
        return new Method[] {event.getMethod("getSuppliedResponse"), event.getMethod("getThrowable"),
            response.getMethod("getStatus")};
      } catch (ReflectiveOperationException | LinkageError e) {
        return null;
      }
    }
  };

  private final RequestScope scope;
  private final Class<?> listenerInterface;

  AsyncCompletion(RequestScope scope, Class<?> listenerInterface) {
    this.scope = scope;
    this.listenerInterface = listenerInterface;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) {
    String name = method.getName();
    if (method.getDeclaringClass() == Object.class) {
      return objectMethod(proxy, name, args);
    }
    try {
      Method[] events = EVENT_METHODS.get(listenerInterface);
      Object event = args == null || args.length == 0 ? null : args[0];
      if (events == null || event == null) {
        return null;
      }
      if (name.equals("onError") || name.equals("onTimeout")) {
        Throwable failure = (Throwable) events[1].invoke(event);
        scope.redispatchEnded(failure, null);
      } else if (name.equals("onComplete")) {
        Object response = events[0].invoke(event);
        int status = response == null ? 200 : (Integer) events[2].invoke(response);
        scope.end(status, null);
      }
    } catch (Throwable e) {
      Failures.record(Failures.ASYNC, e);
    }
    return null;
  }

  private static Object objectMethod(Object proxy, String name, Object[] args) {
    if (name.equals("equals")) {
      return proxy == args[0];
    }
    if (name.equals("hashCode")) {
      return System.identityHashCode(proxy);
    }
    return "reqtrace-async-listener";
  }
}
