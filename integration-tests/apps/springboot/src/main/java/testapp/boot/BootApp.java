package testapp.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.context.ApplicationListener;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.web.bind.annotation.RestController;

/**
 * Spring Boot on 127.0.0.1, port 0 unless {@code -Dport=}; prints {@code READY port=<n>}.
 * {@code @Async} methods ({@link AsyncWork}) run on Boot's task executor.
 */
@SpringBootApplication
@EnableAsync
public class BootApp implements ApplicationListener<WebServerInitializedEvent> {
  public static void main(String[] args) {
    SpringApplication.run(BootApp.class, args);
  }

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    if (event.getWebServer() instanceof TomcatWebServer tomcat) {
      WorkerPool.set(tomcat.getTomcat().getConnector().getProtocolHandler().getExecutor());
    }
    System.out.println("READY port=" + event.getWebServer().getPort());
    System.out.flush();
  }

  /** Boot 3's package of {@code ErrorController}. */
  @RestController
  static class ErrorPage extends RequestIdErrorPage implements ErrorController {}
}
