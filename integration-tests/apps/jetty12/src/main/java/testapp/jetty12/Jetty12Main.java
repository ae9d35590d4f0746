package testapp.jetty12;

import testapp.Endpoints;
import testapp.Launch;
import testapp.WorkerPool;
import jakarta.servlet.DispatcherType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Jetty 12 ee10 on 127.0.0.1; prints {@code READY port=<n>}. */
public final class Jetty12Main {
  private Jetty12Main() {}

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

    ServletContextHandler context = new ServletContextHandler("/");
    Path docs = Files.createTempDirectory("reqtrace-it-jetty12");
    docs.toFile().deleteOnExit();
    context.setBaseResourceAsPath(docs);
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
