package testapp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.web.bind.annotation.RestController;
import testapp.boot.RequestIdErrorPage;
import testapp.boot.WorkerPool;

/**
 * The Spring Boot 4 app: the MVC endpoints of {@code testapp.boot} and the JPA ones of
 * {@code testapp.jpa} (this package is the root of both, so component, entity and repository
 * scanning find them). 127.0.0.1, port 0 unless {@code -Dport=}; prints {@code READY port=<n>}
 * once seeded.
 */
@SpringBootApplication
@EnableAsync
public class Boot4App {
  private volatile int port;

  public static void main(String[] args) {
    SpringApplication.run(Boot4App.class, args);
  }

  @EventListener
  public void onWebServer(WebServerInitializedEvent event) {
    if (event.getWebServer() instanceof TomcatWebServer tomcat) {
      WorkerPool.set(tomcat.getTomcat().getConnector().getProtocolHandler().getExecutor());
    }
    port = event.getWebServer().getPort();
  }

  /** Ready only after the seed runner: the web server starts listening before runners run. */
  @EventListener
  public void onReady(ApplicationReadyEvent event) {
    System.out.println("READY port=" + port);
    System.out.flush();
  }

  /** Boot 4's package of {@code ErrorController}. */
  @RestController
  static class ErrorPage extends RequestIdErrorPage implements ErrorController {}
}
