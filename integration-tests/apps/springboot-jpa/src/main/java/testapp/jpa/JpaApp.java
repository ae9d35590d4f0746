package testapp.jpa;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;

/**
 * Spring Boot JPA on 127.0.0.1, seeded by {@link ParentSeed}; prints {@code READY port=<n>}.
 */
@SpringBootApplication
public class JpaApp {
  private volatile int port;

  public static void main(String[] args) {
    SpringApplication.run(JpaApp.class, args);
  }

  @EventListener
  public void onWebServer(WebServerInitializedEvent event) {
    port = event.getWebServer().getPort();
  }

  /** Ready only after the seed runner: the web server starts listening before runners run. */
  @EventListener
  public void onReady(ApplicationReadyEvent event) {
    System.out.println("READY port=" + port);
    System.out.flush();
  }
}
