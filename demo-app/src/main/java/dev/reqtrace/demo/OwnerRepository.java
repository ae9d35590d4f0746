package dev.reqtrace.demo;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Plain JDBC data access. Rows come back as ordered maps because they only ever become JSON.
 * The lazy per-owner pet loading in {@link #findAllWithPetsOneByOne()} is the N+1 on purpose.
 */
final class OwnerRepository {
  private final DataSource dataSource;

  OwnerRepository(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  Optional<Map<String, Object>> findById(int id) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT id, first_name, last_name, address, city, telephone FROM owners WHERE id = ?")) {
      ps.setInt(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(owner(rs)) : Optional.empty();
      }
    }
  }

  /** One SELECT for the owners, then one SELECT of pets per owner: 21 statements for 20 owners. */
  List<Map<String, Object>> findAllWithPetsOneByOne() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      List<Map<String, Object>> owners = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
              "SELECT id, first_name, last_name, address, city, telephone FROM owners ORDER BY id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          owners.add(owner(rs));
        }
      }
      for (Map<String, Object> owner : owners) {
        owner.put("pets", pets(c, (Integer) owner.get("id")));
      }
      return owners;
    }
  }

  List<Map<String, Object>> findPets(int ownerId) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return pets(c, ownerId);
    }
  }

  /** The slow report: a slow stored procedure call, then a cheap aggregate. */
  List<Map<String, Object>> petStatsByCity(int delayMillis) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      try (CallableStatement call = c.prepareCall("CALL REFRESH_PET_STATS(?)")) {
        call.setInt(1, delayMillis);
        call.execute();
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
              "SELECT o.city, COUNT(p.id) AS pets FROM owners o LEFT JOIN pets p ON p.owner_id = o.id"
                  + " GROUP BY o.city ORDER BY pets DESC, o.city");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("city", rs.getString("city"));
          row.put("pets", rs.getInt("pets"));
          rows.add(row);
        }
      }
      return rows;
    }
  }

  private static List<Map<String, Object>> pets(Connection c, int ownerId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT id, name, type, birth_date FROM pets WHERE owner_id = ? ORDER BY name")) {
      ps.setInt(1, ownerId);
      try (ResultSet rs = ps.executeQuery()) {
        List<Map<String, Object>> pets = new ArrayList<>();
        while (rs.next()) {
          Map<String, Object> pet = new LinkedHashMap<>();
          pet.put("id", rs.getInt("id"));
          pet.put("name", rs.getString("name"));
          pet.put("type", rs.getString("type"));
          pet.put("birthDate", rs.getDate("birth_date").toString());
          pets.add(pet);
        }
        return pets;
      }
    }
  }

  private static Map<String, Object> owner(ResultSet rs) throws SQLException {
    Map<String, Object> owner = new LinkedHashMap<>();
    owner.put("id", rs.getInt("id"));
    owner.put("firstName", rs.getString("first_name"));
    owner.put("lastName", rs.getString("last_name"));
    owner.put("address", rs.getString("address"));
    owner.put("city", rs.getString("city"));
    owner.put("telephone", rs.getString("telephone"));
    return owner;
  }
}
