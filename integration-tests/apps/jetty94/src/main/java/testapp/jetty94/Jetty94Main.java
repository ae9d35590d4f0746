package testapp.jetty94;

import testapp.Endpoints;
import testapp.Launch;
import testapp.WorkerPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import javax.servlet.DispatcherType;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.DefaultServlet;
import org.eclipse.jetty.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Jetty 9.4 on 127.0.0.1; prints {@code READY port=<n>}. */
public final class Jetty94Main {
  private Jetty94Main() {}

  public static void main(String[] args) throws Exception {
    QueuedThreadPool pool = new QueuedThreadPool();
    pool.setName("jetty-worker");
    Server server = new Server(pool);

    HttpConfiguration http = new HttpConfiguration();
    // The hostile-header fuzz sends 10 KB values; they must reach the agent, not the parser limit.
    http.setRequestHeaderSize(65536);
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(Launch.port());
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    context.setContextPath("/");
    Path docs = Files.createTempDirectory("reqtrace-it-jetty94");
    docs.toFile().deleteOnExit();
    context.setResourceBase(docs.toString());
    // Unmapped paths end in the container's own default servlet, which answers 404.
    context.addServlet(new ServletHolder("default", DefaultServlet.class), "/");
    for (String[] servlet : Endpoints.SERVLETS) {
      ServletHolder holder = context.addServlet(servlet[1], servlet[0]);
      holder.setAsyncSupported(true);
    }
    for (String[] filter : Endpoints.FILTERS) {
      FilterHolder holder = new FilterHolder();
      holder.setName(filter[0]);
      holder.setClassName(filter[1]);
      holder.setAsyncSupported(true);
      context.addFilter(holder, filter[2], EnumSet.of(DispatcherType.REQUEST));
    }
    // Jetty dispatches to its error page after the failed dispatch has returned, unlike Tomcat.
    ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
    for (int status : Endpoints.ERROR_STATUSES) {
      errors.addErrorPage(status, Endpoints.ERROR_PAGE);
    }
    errors.addErrorPage(Throwable.class, Endpoints.ERROR_PAGE);
    context.setErrorHandler(errors);
    server.setHandler(context);
    server.start();

    WorkerPool.publish(pool);
    Launch.ready(connector.getLocalPort());
    server.join();
  }
}
