package dev.reqtrace.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlNormalizerTest {
  private static String norm(String sql) {
    return SqlNormalizer.normalize(sql, false);
  }

  @Test
  void replacesAPlantedPasswordWithAPlaceholder() {
    assertThat(norm("SELECT * FROM users WHERE name = 'bob' AND password = 'S3cret!'"))
        .isEqualTo("SELECT * FROM users WHERE name = ? AND password = ?");
  }

  @Test
  void hidesCardNumbersQuotedOrBare() {
    assertThat(norm("insert into cards(no, cvv) values ('4111 1111 1111 1111', 123)"))
        .isEqualTo("insert into cards(no, cvv) values (?, ?)");
    assertThat(norm("select 1 from cards where no = 4111111111111111"))
        .isEqualTo("select ? from cards where no = ?");
  }

  @Test
  void hidesEmailsDatesAndTimestamps() {
    assertThat(norm("update users set email = 'alice@example.com', born = DATE '1990-01-02', "
        + "seen = {ts '2024-05-06 07:08:09'} where id = 42"))
        .isEqualTo("update users set email = ?, born = DATE ?, seen = {ts ?} where id = ?");
  }

  @Test
  void hidesHexAndPrefixedLiterals() {
    assertThat(norm("select * from t where a = 0xDEADBEEF or b = X'CAFE' or c = N'näme' or d = E'it\\'s'"))
        .isEqualTo("select * from t where a = ? or b = ? or c = ? or d = ?");
  }

  @Test
  void hidesNegativeAndDecimalNumbersButKeepsSubtraction() {
    assertThat(norm("select a-1, b - 2 from t where x = -5 and y between -1.5e3 and +.25 limit 10"))
        .isEqualTo("select a-?, b - ? from t where x = ? and y between ? and ? limit ?");
  }

  @Test
  void keepsQuotedIdentifiersDigitsInNamesAndPlaceholders() {
    assertThat(norm("SELECT \"Password\", t1.col_2, `weird name` FROM \"User\" t1 WHERE t1.id = ? AND x = $1"))
        .isEqualTo("SELECT \"Password\", t1.col_2, `weird name` FROM \"User\" t1 WHERE t1.id = ? AND x = $1");
  }

  @Test
  void collapsesInListsOfLiteralsAndPlaceholders() {
    assertThat(norm("select * from pets where owner_id in (1, 2, 3) and type IN ('cat','dog') "
        + "and id not in (?, ?, ?,?)"))
        .isEqualTo("select * from pets where owner_id in (?) and type IN (?) and id not in (?)");
  }

  @Test
  void keepsInSubqueriesAndFunctionsEndingInIn() {
    assertThat(norm("select min(a) from t join u on t.id = u.id where a in (select b from u where c = 7)"))
        .isEqualTo("select min(a) from t join u on t.id = u.id where a in (select b from u where c = ?)");
  }

  @Test
  void stripsCommentsAndFoldsWhitespace() {
    assertThat(norm("  /* app=shop token='abc' */ SELECT  id,\n\tname -- password 'hunter2'\n FROM t  "))
        .isEqualTo("SELECT id, name FROM t");
  }

  @Test
  void doubledQuotesStayInsideTheLiteral() {
    assertThat(norm("select 'it''s a '' secret' as s, name from t"))
        .isEqualTo("select ? as s, name from t");
  }

  @Test
  void hidesTheRestAfterAnUnterminatedLiteral() {
    assertThat(norm("select * from t where password = 'S3cret! and more"))
        .isEqualTo("select * from t where password = ?");
    assertThat(norm("select 1 /* open comment 'x'"))
        .isEqualTo("select ? ?");
  }

  @Test
  void hidesDollarQuotedBodies() {
    assertThat(norm("do $body$ begin perform 'secret'; end $body$"))
        .isEqualTo("do ?");
  }

  @Test
  void mysqlDialectTreatsDoubleQuotesAsStringsAndHashAsComment() {
    assertThat(SqlNormalizer.normalize(
        "select * from `users` where password = \"S3cret!\" and name = 'o\\'brien' # trailing 'x'", true))
        .isEqualTo("select * from `users` where password = ? and name = ?");
  }

  @Test
  void cutsVeryLongTextAfterNormalizing() {
    String sql = "select " + "a, ".repeat(2000) + "b from t where x = 'S3cret!'";
    String out = norm(sql);
    assertThat(out).hasSize(SqlNormalizer.MAX_LENGTH + 3).endsWith("...").doesNotContain("S3cret");
  }

  @Test
  void namesTheOperation() {
    assertThat(SqlNormalizer.operation("select ?")).isEqualTo("SELECT");
    assertThat(SqlNormalizer.operation("{? = call next_id(?)}")).isEqualTo("CALL");
    assertThat(SqlNormalizer.operation("{call audit(?)}")).isEqualTo("CALL");
    assertThat(SqlNormalizer.operation("(select a from t) union (select b from u)")).isEqualTo("SELECT");
    assertThat(SqlNormalizer.operation("with x as (select ? from t) delete from u where id in (select * from x)"))
        .isEqualTo("DELETE");
    assertThat(SqlNormalizer.operation("insert into t values (?)")).isEqualTo("INSERT");
    assertThat(SqlNormalizer.operation("")).isEqualTo("OTHER");
  }
}
