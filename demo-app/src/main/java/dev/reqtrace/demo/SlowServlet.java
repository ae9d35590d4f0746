package dev.reqtrace.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** GET /slow[?ms=N]: a pet statistics report whose stored procedure takes ~1.5 s (the agent's default threshold is 1 s). */
final class SlowServlet extends HttpServlet {
  private static final Logger log = LoggerFactory.getLogger(SlowServlet.class);
  static final int DEFAULT_DELAY_MS = 1500;
  private static final int MAX_DELAY_MS = 10_000;
  private final transient OwnerRepository owners;

  SlowServlet(OwnerRepository owners) {
    this.owners = owners;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    int delay = delay(req.getParameter("ms"));
    log.info("refreshing pet statistics (simulated {} ms in the database)", delay);
    try {
      List<Map<String, Object>> byCity = owners.petStatsByCity(delay);
      log.info("pet statistics ready for {} cities", byCity.size());
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("delayMillis", delay);
      body.put("petsByCity", byCity);
      Responses.json(resp, 200, body);
    } catch (SQLException e) {
      throw new IllegalStateException("pet statistics failed", e);
    }
  }

  // Bounded so a typo cannot park a request thread for minutes.
  private static int delay(String ms) {
    if (ms == null) {
      return DEFAULT_DELAY_MS;
    }
    try {
      return Math.max(0, Math.min(MAX_DELAY_MS, Integer.parseInt(ms.trim())));
    } catch (NumberFormatException e) {
      return DEFAULT_DELAY_MS;
    }
  }
}
