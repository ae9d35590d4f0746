package dev.reqtrace.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** GET /owners/{id} (one SELECT by primary key) and GET /owners/{id}/pets. */
final class OwnerServlet extends HttpServlet {
  private static final Logger log = LoggerFactory.getLogger(OwnerServlet.class);
  // Servlet mappings cannot express /owners/{id}/pets, so the servlet parses its path info.
  private static final Pattern PATH = Pattern.compile("/(\\d{1,9})(/pets)?/?");
  private final transient OwnerRepository owners;

  OwnerServlet(OwnerRepository owners) {
    this.owners = owners;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Matcher m = PATH.matcher(String.valueOf(req.getPathInfo()));
    if (!m.matches()) {
      log.info("no owner route for {}", req.getPathInfo());
      Responses.json(resp, 404, Map.of("error", "not found"));
      return;
    }
    int id = Integer.parseInt(m.group(1));
    try {
      Optional<Map<String, Object>> owner = owners.findById(id);
      if (owner.isEmpty()) {
        log.info("owner {} not found", id);
        Responses.json(resp, 404, Map.of("error", "owner not found", "id", id));
      } else if (m.group(2) != null) {
        log.info("listing pets of owner {}", id);
        Responses.json(resp, 200, owners.findPets(id));
      } else {
        log.info("found owner {} {}", id, owner.get().get("lastName"));
        Responses.json(resp, 200, owner.get());
      }
    } catch (SQLException e) {
      throw new IllegalStateException("owner lookup failed", e);
    }
  }
}
