package dev.reqtrace.bootstrap;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Asks a container's request object, by reflection, whether it has already parsed the parameters.
 * {@code getParameterMap()} on a request whose parameters are not parsed yet reads and consumes
 * a form body: the application may be about to read it itself (or has read it as a stream), so an
 * error report must not. One probe per request class, found once:
 * <ul>
 *   <li>Tomcat 9–11 {@code connector.Request}: the public {@code isParametersParsed()}; its
 *       {@code RequestFacade}, which servlets and filters see: that of the request in its
 *       {@code request} field;
 *   <li>Jetty 9.4 {@code server.Request}: the private flag {@code _contentParamsExtracted};
 *   <li>Jetty 12 ee10 {@code ServletApiRequest}: the private merged {@code _parameters}, set when
 *       query and content parameters were extracted;
 *   <li>anything else (wrappers, unknown containers, a module that denies access): not known, so
 *       the report goes without parameters.
 * </ul>
 */
final class ParsedParameters {
  private static final Probe NEVER = new Probe(null, null, false, false);

  private static final ClassValue<Probe> PROBES = new ClassValue<Probe>() {
    @Override
    protected Probe computeValue(Class<?> type) {
      return probeFor(type);
    }
  };

  private ParsedParameters() {}

  /** Whether {@code request}'s parameters are known to be parsed already. */
  static boolean known(Object request) {
    if (request == null) {
      return false;
    }
    try {
      return PROBES.get(request.getClass()).test(request);
    } catch (Throwable e) {
      Failures.record(Failures.ADVICE, e);
      return false;
    }
  }

  private static Probe probeFor(Class<?> type) {
    try {
      Method method = type.getMethod("isParametersParsed");
      if (method.getReturnType() == boolean.class && Modifier.isPublic(method.getModifiers())
          && Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
        return new Probe(method, null, false, false);
      }
    } catch (NoSuchMethodException | SecurityException e) {
      // not Tomcat
    }
    Field flag = field(type, "_contentParamsExtracted", boolean.class);
    if (flag != null) {
      return new Probe(null, flag, false, false);
    }
    Field merged = field(type, "_parameters", null);
    if (merged != null && type.getName().startsWith("org.eclipse.jetty.")) {
      return new Probe(null, merged, true, false);
    }
    Field wrapped = field(type, "request", null);
    if (wrapped != null && type.getName().endsWith("RequestFacade")) {
      return new Probe(null, wrapped, false, true);
    }
    return NEVER;
  }

  /** The accessible field {@code name} of {@code type} or a superclass, or {@code null}. */
  private static Field field(Class<?> type, String name, Class<?> fieldType) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      try {
        Field field = c.getDeclaredField(name);
        if (fieldType != null && field.getType() != fieldType) {
          return null;
        }
        field.setAccessible(true); // fails in a named module that does not open the package
        return field;
      } catch (NoSuchFieldException e) {
        // look further up
      } catch (RuntimeException e) {
        return null;
      }
    }
    return null;
  }

  /** One way to ask one request class. */
  private static final class Probe {
    private final Method method;
    private final Field field;
    private final boolean nonNull;
    private final boolean facade;

    Probe(Method method, Field field, boolean nonNull, boolean facade) {
      this.method = method;
      this.field = field;
      this.nonNull = nonNull;
      this.facade = facade;
    }

    boolean test(Object request) throws ReflectiveOperationException {
      if (method != null) {
        return (Boolean) method.invoke(request);
      }
      if (field == null) {
        return false;
      }
      if (facade) {
        Object inner = field.get(request);
        // One level: the connector request, never a facade of a facade.
        return inner != null && inner != request
            && PROBES.get(inner.getClass()).method != null && known(inner);
      }
      return nonNull ? field.get(request) != null : field.getBoolean(request);
    }
  }
}
