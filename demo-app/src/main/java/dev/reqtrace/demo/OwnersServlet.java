package dev.reqtrace.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** GET /owners: every owner with their pets, loaded the naive N+1 way (see OwnerRepository). */
final class OwnersServlet extends HttpServlet {
  private static final Logger log = LoggerFactory.getLogger(OwnersServlet.class);
  private final transient OwnerRepository owners;

  OwnersServlet(OwnerRepository owners) {
    this.owners = owners;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    try {
      List<Map<String, Object>> all = owners.findAllWithPetsOneByOne();
      log.info("listed {} owners with their pets (one pets query per owner)", all.size());
      Responses.json(resp, 200, all);
    } catch (SQLException e) {
      // Let the container's error page handle it, like an unchecked exception would.
      throw new IllegalStateException("owner listing failed", e);
    }
  }
}
