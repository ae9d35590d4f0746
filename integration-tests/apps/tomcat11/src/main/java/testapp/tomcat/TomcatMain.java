package testapp.tomcat;

import testapp.Endpoints;
import testapp.Launch;
import testapp.WorkerPool;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Embedded Tomcat on 127.0.0.1; prints {@code READY port=<n>}. Built twice: against Tomcat 11
 * (jakarta) and Tomcat 9 (javax); it only names servlet classes, never servlet types.
 */
public final class TomcatMain {
  private TomcatMain() {}

  public static void main(String[] args) throws Exception {
    Path base = Files.createTempDirectory("reqtrace-it-tomcat");
    Path docs = Files.createDirectories(base.resolve("docs"));
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());

    Connector connector = new Connector("HTTP/1.1");
    connector.setPort(Launch.port());
    connector.setProperty("address", "127.0.0.1");
    // The hostile-header fuzz sends 10 KB values; they must reach the agent, not the parser limit.
    connector.setProperty("maxHttpHeaderSize", "65536");
    // Each request on a new virtual thread (Tomcat 10.1+, JDK 21+): -Dtestapp.virtualThreads=true.
    if (Boolean.getBoolean("testapp.virtualThreads")) {
      connector.setProperty("useVirtualThreads", "true");
    }
    tomcat.setConnector(connector);

    Context context = tomcat.addContext("", docs.toString());
    // Unmapped paths end in the container's own default servlet, which answers 404.
    Wrapper defaultServlet =
        Tomcat.addServlet(context, "default", "org.apache.catalina.servlets.DefaultServlet");
    defaultServlet.setLoadOnStartup(1);
    context.addServletMappingDecoded("/", "default");
    for (String[] servlet : Endpoints.SERVLETS) {
      String name = servlet[0].substring(1);
      Wrapper wrapper = Tomcat.addServlet(context, name, servlet[1]);
      wrapper.setAsyncSupported(true);
      context.addServletMappingDecoded(servlet[0], name);
    }
    for (String[] filter : Endpoints.FILTERS) {
      FilterDef def = new FilterDef();
      def.setFilterName(filter[0]);
      def.setFilterClass(filter[1]);
      def.setAsyncSupported("true");
      context.addFilterDef(def);
      FilterMap map = new FilterMap();
      map.setFilterName(filter[0]);
      map.addURLPattern(filter[2]);
      context.addFilterMap(map);
    }
    for (int status : Endpoints.ERROR_STATUSES) {
      ErrorPage page = new ErrorPage();
      page.setErrorCode(status);
      page.setLocation(Endpoints.ERROR_PAGE);
      context.addErrorPage(page);
    }
    ErrorPage anyException = new ErrorPage();
    anyException.setExceptionType(Throwable.class.getName());
    anyException.setLocation(Endpoints.ERROR_PAGE);
    context.addErrorPage(anyException);
    tomcat.start();

    WorkerPool.publish(connector.getProtocolHandler().getExecutor());
    Launch.ready(connector.getLocalPort());
    tomcat.getServer().await();
  }
}
