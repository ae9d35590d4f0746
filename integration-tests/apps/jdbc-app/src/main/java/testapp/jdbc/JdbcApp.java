package testapp.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * Embedded Tomcat 11 on 127.0.0.1 ({@code -Dport=}, default 0) serving {@code /jdbc/*} and
 * {@code /users/*}; prints {@code READY port=<n>}. H2 always; PostgreSQL when {@code -Dpg.url=}.
 */
public final class JdbcApp {
  private JdbcApp() {}

  public static void main(String[] args) throws Exception {
    Databases databases = Databases.open(System.getProperty("pg.url"));
    Path base = Files.createTempDirectory("reqtrace-it-jdbc");
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector("HTTP/1.1");
    connector.setPort(Integer.getInteger("port", 0));
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", Files.createDirectories(base.resolve("docs")).toString());
    Tomcat.addServlet(context, "jdbc", new JdbcServlet(databases));
    context.addServletMappingDecoded("/jdbc/*", "jdbc");
    Tomcat.addServlet(context, "users", new UsersServlet());
    context.addServletMappingDecoded("/users/*", "users");
    tomcat.start();
    System.out.println("READY port=" + connector.getLocalPort());
    System.out.flush();
    tomcat.getServer().await();
  }
}
