package dev.reqtrace.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DbSystemsTest {
  @Test
  void namesTheSystemFromTheJdbcUrlWithoutTheRest() {
    assertThat(DbSystems.fromUrl("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1")).isEqualTo("h2");
    assertThat(DbSystems.fromUrl("jdbc:postgresql://127.0.0.1:5432/db?password=S3cret!")).isEqualTo("postgresql");
    assertThat(DbSystems.fromUrl("jdbc:mysql://db/shop")).isEqualTo("mysql");
    assertThat(DbSystems.fromUrl("jdbc:mariadb://db/shop")).isEqualTo("mariadb");
    assertThat(DbSystems.fromUrl("jdbc:sqlserver://db;user=sa;password=x")).isEqualTo("mssql");
    assertThat(DbSystems.fromUrl("jdbc:oracle:thin:@db:1521/XE")).isEqualTo("oracle");
    assertThat(DbSystems.fromUrl("jdbc:p6spy:mysql://db/shop")).isEqualTo("mysql");
    assertThat(DbSystems.fromUrl("jdbc:tc:postgresql:15:///db")).isEqualTo("postgresql");
    assertThat(DbSystems.fromUrl("jdbc:derby:memory:x;create=true")).isEqualTo("derby");
    assertThat(DbSystems.fromUrl("jdbc:we!rd:x")).isEqualTo(DbSystems.OTHER);
    assertThat(DbSystems.fromUrl("mongodb://x")).isEqualTo(DbSystems.OTHER);
    assertThat(DbSystems.fromUrl(null)).isEqualTo(DbSystems.OTHER);
  }
}
