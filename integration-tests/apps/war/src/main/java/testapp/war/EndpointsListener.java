package testapp.war;

import testapp.Endpoints;
import testapp.WorkerPool;
import java.lang.reflect.Field;
import java.util.EnumSet;
import java.util.concurrent.Executor;
import javax.servlet.DispatcherType;
import javax.servlet.FilterRegistration;
import javax.servlet.ServletContext;
import javax.servlet.ServletContextEvent;
import javax.servlet.ServletContextListener;
import javax.servlet.ServletRegistration;

/** Registers the common endpoints and publishes the standalone Tomcat's connector worker pool. */
public class EndpointsListener implements ServletContextListener {

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    for (String[] servlet : Endpoints.SERVLETS) {
      ServletRegistration.Dynamic registration =
          context.addServlet(servlet[0].substring(1), servlet[1]);
      registration.setAsyncSupported(true);
      registration.addMapping(servlet[0]);
    }
    for (String[] filter : Endpoints.FILTERS) {
      FilterRegistration.Dynamic registration = context.addFilter(filter[0], filter[1]);
      registration.setAsyncSupported(true);
      registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, filter[2]);
    }
    // Connectors start after the webapps: look the pool up on first use.
    WorkerPool.publish(task -> connectorPool(context).execute(task));
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {}

  /**
   * ApplicationContextFacade.context.context is the StandardContext; up to its Service, whose
   * first connector's protocol handler owns the pool. Test-only reflection on Tomcat 9 internals,
   * visible to the webapp through the common class loader.
   */
  private static Executor connectorPool(ServletContext facade) {
    try {
      Object standardContext = field(field(facade, "context"), "context");
      Object host = call(standardContext, "getParent");
      Object engine = call(host, "getParent");
      Object service = call(engine, "getService");
      Object[] connectors = (Object[]) call(service, "findConnectors");
      return (Executor) call(call(connectors[0], "getProtocolHandler"), "getExecutor");
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot find Tomcat's worker pool", e);
    }
  }

  private static Object field(Object target, String name) throws ReflectiveOperationException {
    for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Field field = c.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(target);
      } catch (NoSuchFieldException e) {
        // keep looking in the superclass
      }
    }
    throw new NoSuchFieldException(target.getClass().getName() + "." + name);
  }

  private static Object call(Object target, String method) throws ReflectiveOperationException {
    return target.getClass().getMethod(method).invoke(target);
  }
}
