package testapp.jpa;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/** Spring Boot JPA on 127.0.0.1; 20 parents with 2 children each; prints {@code READY port=<n>}. */
@SpringBootApplication
public class JpaApp {
  static final int PARENTS = 20;

  private volatile int port;

  public static void main(String[] args) {
    SpringApplication.run(JpaApp.class, args);
  }

  @Bean
  CommandLineRunner seed(ParentRepository parents) {
    return args -> {
      for (int i = 1; i <= PARENTS; i++) {
        Parent parent = new Parent("parent" + i);
        parent.addChild(new Child("child" + i + "a"));
        parent.addChild(new Child("child" + i + "b"));
        parents.save(parent);
      }
    };
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
