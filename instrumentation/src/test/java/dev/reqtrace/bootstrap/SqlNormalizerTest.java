package dev.reqtrace.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SqlNormalizerTest {
  private static String norm(String sql) {
    return SqlNormalizer.normalize(sql, SqlDialect.STANDARD);
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
        "select * from `users` where password = \"S3cret!\" and name = 'o\\'brien' # trailing 'x'", SqlDialect.MYSQL))
        .isEqualTo("select * from `users` where password = ? and name = ?");
  }

  @Test
  void cutsVeryLongTextAfterNormalizing() {
    String sql = "select " + "a, ".repeat(2000) + "b from t where x = 'S3cret!'";
    String out = norm(sql);
    assertThat(out).hasSize(SqlNormalizer.MAX_LENGTH + 3).endsWith("...").doesNotContain("S3cret");
  }

  // The tests below reproduce leaks found in review of the normalizer (fix-sql).

  @Test
  void mysqlInListHonoursBackslashEscapes() {
    assertThat(SqlNormalizer.normalize("SELECT * FROM t WHERE a IN ('x\\') and password hunter2')", SqlDialect.MYSQL))
        .isEqualTo("SELECT * FROM t WHERE a IN (?)");
    assertThat(SqlNormalizer.normalize("select * from t where a in ('o\\'brien', 'x') and b = 1", SqlDialect.MYSQL))
        .isEqualTo("select * from t where a in (?) and b = ?");
  }

  @Test
  void hidesDollarQuotedBodiesWhoseTagHasDigitsOrNonAsciiLetters() {
    assertThat(norm("select $a1$my secret$a1$, $_9$x$_9$, $été2$s$été2$ from t where id = $1"))
        .isEqualTo("select ?, ?, ? from t where id = $1");
    // Longer tags than anyone writes are not searched for: the rest is hidden.
    String tag = "$" + "t".repeat(64) + "$";
    assertThat(norm("select " + tag + "secret" + tag + ", b from t")).isEqualTo("select ?");
  }

  @Test
  void hidesLiteralsInsideArrayBrackets() {
    assertThat(norm("SELECT ARRAY[col, 'vip'], a[i-1], a[n:2], a[b[1]], ARRAY[1, 2] FROM t"))
        .isEqualTo("SELECT ARRAY[col, ?], a[i-?], a[n:?], a[b[?]], ARRAY[?, ?] FROM t");
  }

  @Test
  void hidesTheRestWhenAStringOrCommentRunsPastABracket() {
    // SQL Server reads [Customer's Name] as a name, so 'bob' is a literal; PostgreSQL reads E'x]y'
    // as a literal. Neither reading may show the other's literal.
    assertThat(norm("SELECT [Customer's Name], x FROM t WHERE a = 'bob'"))
        .isEqualTo("SELECT [Customer? ?");
    assertThat(norm("SELECT ARRAY[E'x]y', 'secret'] FROM t")).isEqualTo("SELECT ARRAY[? ?");
    assertThat(norm("SELECT [a -- x] FROM t WHERE p = 'secret'\n, b")).isEqualTo("SELECT [a ?");
    assertThat(norm("SELECT [a\"b], [c`d] FROM t WHERE p = 'secret' OR \"x`\" = 1"))
        .isEqualTo("SELECT [a ?");
    assertThat(norm("SELECT a[b[c]], d FROM t")).isEqualTo("SELECT a[b[c]], d FROM t");
  }

  @Test
  void keepsSqlServerBracketIdentifiers() {
    assertThat(norm("SELECT [Order Details].[Unit Price], [Col 2], [my-col] FROM [dbo].[Orders] WHERE [x] = 5"))
        .isEqualTo("SELECT [Order Details].[Unit Price], [Col 2], [my-col] FROM [dbo].[Orders] WHERE [x] = ?");
  }

  @Test
  void neverExceedsMaxLengthWhenTheLastTokenCrossesIt() {
    String out = norm("SELECT " + "a".repeat(5000));
    assertThat(out.length()).isEqualTo(SqlNormalizer.MAX_LENGTH + 3);
    assertThat(out).isEqualTo("SELECT " + "a".repeat(SqlNormalizer.MAX_LENGTH - 7) + "...");
  }

  @Test
  void neverExceedsMaxLengthWhenMarkingHiddenText() {
    // " ?" still fits: the hidden literal is marked as usual.
    String fits = "SELECT " + "a".repeat(SqlNormalizer.MAX_LENGTH - 9);
    assertThat(norm(fits + " 'S3cret!")).isEqualTo(fits + " ?").hasSize(SqlNormalizer.MAX_LENGTH);
    // It does not: the text is cut instead.
    String full = fits + "a";
    assertThat(norm(full + " 'S3cret!")).isEqualTo(full + "...");
  }

  @Test
  void hidesTheRestAfterAnUnterminatedQuotedIdentifier() {
    assertThat(norm("select `x from t where password = 'S3cret!' or 1 = 1"))
        .isEqualTo("select ?");
    assertThat(SqlNormalizer.normalize("select `x from t where password = 'S3cret!' or 1 = 1", SqlDialect.MYSQL))
        .isEqualTo("select ?");
    assertThat(norm("select [x from t where password = 'S3cret!' or pin = 1234"))
        .isEqualTo("select [x from t where password = ? or pin = ?");
  }

  @Test
  void hidesOracleAlternativeQuoting() {
    assertThat(norm("select q'[it's a secret]', nq'{x}', Q'!don't!', q'<a>', q'(b)' from dual where seq = 1"))
        .isEqualTo("select ?, ?, ?, ?, ? from dual where seq = ?");
    assertThat(norm("select q'[never closed' from dual")).isEqualTo("select ?");
  }

  @Test
  void hidesDigitsAndLettersThatContinueANumber() {
    assertThat(norm("select 1_000_000, 0b1010, 0o17, 0x_FF, 1_000.5, 2.5e-3f from t where a in (1_000, 2)"))
        .isEqualTo("select ?, ?, ?, ?, ?, ? from t where a in (?)");
  }

  @Test
  void hidesSqlServerMoneyButKeepsPositionalPlaceholders() {
    assertThat(norm("select $12.50, price - $0.99 from t where id = $1 and b = $2"))
        .isEqualTo("select ?, price - ? from t where id = $1 and b = $2");
  }

  @Test
  void mysqlHashStartsACommentRightAfterAWord() {
    assertThat(SqlNormalizer.normalize("select a# password hunter2 'x'\nfrom t", SqlDialect.MYSQL))
        .isEqualTo("select a from t");
  }

  @Test
  void nestedBlockCommentsEndAtTheirOwnClose() {
    assertThat(norm("select 1 /* outer /* inner */ token=hunter2 */ from t"))
        .isEqualTo("select ? from t");
    assertThat(norm("select 1 /* a /* b */ from t")).isEqualTo("select ? ?");
    // MySQL does not nest: its comment ends at the first */.
    assertThat(SqlNormalizer.normalize("select 1 /* a /* b */ from t", SqlDialect.MYSQL))
        .isEqualTo("select ? from t");
  }

  // The tests below reproduce leaks of a MySQL-or-not switch (fix-scrub): other dialects' strings.

  @Test
  void sqliteHiveAndBigQueryHideDoubleQuotedStrings() {
    String sql = "select * from users where name = \"bob\" and password = \"S3cret!\" and n in (\"a\", 'b')";
    for (SqlDialect dialect : List.of(SqlDialect.SQLITE, SqlDialect.HIVE, SqlDialect.BIGQUERY)) {
      assertThat(SqlNormalizer.normalize(sql, dialect)).as(dialect.name())
          .isEqualTo("select * from users where name = ? and password = ? and n in (?)");
    }
    // Standard SQL (PostgreSQL, H2, Oracle...): a quoted identifier, kept readable.
    assertThat(norm("select \"Password\" from \"User\"")).isEqualTo("select \"Password\" from \"User\"");
  }

  @Test
  void hiveAndBigQueryStringsHaveBackslashEscapesAndSqliteStringsHaveNone() {
    String sql = "select * from t where a = 'o\\'brien' and password = \"x\\\" S3cret\" or b = 1";
    assertThat(SqlNormalizer.normalize(sql, SqlDialect.HIVE))
        .isEqualTo("select * from t where a = ? and password = ? or b = ?");
    assertThat(SqlNormalizer.normalize(sql, SqlDialect.BIGQUERY))
        .isEqualTo("select * from t where a = ? and password = ? or b = ?");
    assertThat(SqlNormalizer.normalize(
        "select * from t where path = 'C:\\' and password = \"S3cret\"", SqlDialect.SQLITE))
        .isEqualTo("select * from t where path = ? and password = ?");
  }

  @Test
  void bigQueryHidesTripleQuotedStringsAndHashComments() {
    assertThat(SqlNormalizer.normalize("select '''it's a S3cret''', \"\"\"say \"S3cret\" \\\"\"\" x\"\"\" "
        + "# token 'y' S3cret\nfrom t where a = 1", SqlDialect.BIGQUERY))
        .isEqualTo("select ?, ? from t where a = ?");
  }

  @Test
  void standardHidesTheRestWhenABackslashMayEscapeAQuote() {
    // PostgreSQL with standard_conforming_strings off, Snowflake, ClickHouse and unknown systems
    // read 'o\'brien' as one string: the standard reading showed the literal after it.
    assertThat(norm("select * from t where a = 'o\\'brien' and password = 'S3cret!'"))
        .isEqualTo("select * from t where a = ?");
    assertThat(norm("select * from t where a in ('x\\'', 'S3cret')")).isEqualTo("select * from t where a in ( ?");
    // An escaped backslash escapes nothing else: both readings agree.
    assertThat(norm("select 'C:\\\\', b from t where c = 'd'")).isEqualTo("select ?, b from t where c = ?");
  }

  @Test
  void dialectFollowsTheDatabaseSystem() {
    Map<String, SqlDialect> byUrl = Map.of(
        "jdbc:mysql://db/shop", SqlDialect.MYSQL, "jdbc:mariadb://db/shop", SqlDialect.MYSQL,
        "jdbc:sqlite:/tmp/app.db", SqlDialect.SQLITE, "jdbc:hive2://h:10000/default", SqlDialect.HIVE,
        "jdbc:spark://h:443/default", SqlDialect.HIVE, "jdbc:databricks://h:443", SqlDialect.HIVE,
        "jdbc:impala://h:21050", SqlDialect.HIVE, "jdbc:bigquery://h:443;ProjectId=p", SqlDialect.BIGQUERY,
        "jdbc:postgresql://db/app", SqlDialect.STANDARD, "jdbc:h2:mem:x", SqlDialect.STANDARD);
    byUrl.forEach((url, dialect) ->
        assertThat(SqlDialect.of(DbSystems.fromUrl(url))).as(url).isEqualTo(dialect));
    assertThat(SqlDialect.of(null)).isEqualTo(SqlDialect.STANDARD);
  }

  /** Literal forms of each dialect, each holding a planted secret (S3cret, a card, hex, a date). */
  private static List<String> literals(SqlDialect dialect) {
    List<String> all = new ArrayList<>(List.of("'S3cret'", "'it''s S3cret'", "4111111111111111",
        "-4111111111111111", "X'5333'", "'a\\\\'", "DATE '2024-01-02'"));
    switch (dialect) {
      case MYSQL:
        all.addAll(List.of("\"S3cret\"", "'o\\'S3cret'", "\"o\\\"S3cret\"", "'x\\\\\\'S3cret'",
            "_utf8mb4'S3cret'", "b'0101'", "0x5333"));
        break;
      case SQLITE:
        all.addAll(List.of("\"S3cret\"", "\"C:\\\"", "'C:\\'", "\"a\"\"S3cret\"", "x'5333'"));
        break;
      case HIVE:
        all.addAll(List.of("\"S3cret\"", "'o\\'S3cret'", "\"o\\\"S3cret\"", "'x\\\\\\'S3cret'"));
        break;
      case BIGQUERY:
        all.addAll(List.of("\"S3cret\"", "'o\\'S3cret'", "\"o\\\"S3cret\"", "'''it's S3cret'''",
            "\"\"\"a \"S3cret\" \\\"\"\" b\"\"\"", "b'S3cret'"));
        break;
      default:
        all.addAll(List.of("E'it\\'s S3cret'", "$$S3cret$$", "$t1$S3cret$t1$", "q'[it's S3cret]'",
            "N'S3cret'", "U&'S3cret'", "'o\\'S3cret'", "'C:\\'", "$12.50"));
    }
    return all;
  }

  /**
   * Generated statements: every pair of the dialect's literals in every position (where one
   * reading ends a literal, another may start the next one). No planted secret may come out.
   */
  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void noPlantedSecretSurvivesAnyGeneratedStatement(SqlDialect dialect) {
    List<String> templates = List.of(
        "select * from t where a = %s and b = %s",
        "insert into t (a, b) values (%s,%s)",
        "select %s, c from t where d in (%s, 2) order by c",
        "update t set a=%s where id in (%s)",
        "select a -- note %s\n from t where b = %s",
        "select /* %s */ a from t where b = %s",
        "select a from t where b = %s or c like %s escape '!'");
    List<String> literals = literals(dialect);
    int checked = 0;
    for (String template : templates) {
      for (String first : literals) {
        for (String second : literals) {
          String sql = String.format(template, first, second);
          assertThat(SqlNormalizer.normalize(sql, dialect)).as(sql)
              .doesNotContain("S3cret").doesNotContain("4111").doesNotContain("5333")
              .doesNotContain("2024").doesNotContain("12.50").doesNotContain("0101");
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(800);
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
