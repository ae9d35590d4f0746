package dev.reqtrace.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class DemoAppTest {

  @Test
  void startsOnAFreePortAndServesAnOwner() throws Exception {
    try (DemoApp app = DemoApp.start("127.0.0.1", 0)) {
      HttpResponse<String> res = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/owners/1")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertEquals(200, res.statusCode());
      assertTrue(res.body().contains("\"lastName\":\"Franklin\""), res.body());
    }
  }
}
