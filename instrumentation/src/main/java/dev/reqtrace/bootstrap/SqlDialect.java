package dev.reqtrace.bootstrap;

/**
 * How a database system lexes the parts of SQL that hold literals, for {@link SqlNormalizer}:
 * which quotes make a string, whether a backslash escapes, which comments there are. Chosen from
 * the system {@link DbSystems} names.
 */
public enum SqlDialect {
  /**
   * Everything else (H2, PostgreSQL, Oracle, SQL Server, Db2, Derby, unknown systems): {@code '...'}
   * strings, {@code "..."} quoted identifiers, and the vendor forms of all of them (PostgreSQL's
   * {@code $$...$$} and {@code E'...'}, Oracle's {@code q'[...]'}, SQL Server's {@code [name]}).
   */
  STANDARD(false, false, false, true, false, true),
  /** MySQL and MariaDB: {@code "..."} strings, backslash escapes, {@code #} comments. */
  MYSQL(true, true, true, false, false, false),
  /** SQLite: {@code "..."} is a string where no column has that name; no backslash escapes. */
  SQLITE(true, false, false, true, false, false),
  /** Hive, Spark, Databricks, Impala: {@code "..."} strings, backslash escapes. */
  HIVE(true, true, false, true, false, false),
  /** BigQuery: as {@link #HIVE}, and {@code #} comments and triple-quoted strings. */
  BIGQUERY(true, true, true, true, true, false);

  /** {@code "..."} is (or may be) a string literal, hidden, rather than a name, kept. */
  final boolean doubleQuotedStrings;
  /** A backslash escapes the next character in every string. */
  final boolean backslashEscapes;
  /** {@code #} starts a comment to the end of the line. */
  final boolean hashComments;
  /**
   * A block comment inside a block comment needs its own close. Assuming it where the database
   * does not nest only ends a comment later: the safe side for systems not known.
   */
  final boolean nestedComments;
  /** {@code '''...'''} and {@code """..."""} strings. */
  final boolean tripleQuotes;
  /**
   * A quote after an odd run of backslashes in a string hides the rest: without backslash escapes
   * the string ends there, with them (PostgreSQL with standard_conforming_strings off, Snowflake,
   * ClickHouse, a system not known) it goes on, and either reading would show the other's literal.
   */
  final boolean backslashHides;

  SqlDialect(boolean doubleQuotedStrings, boolean backslashEscapes, boolean hashComments,
      boolean nestedComments, boolean tripleQuotes, boolean backslashHides) {
    this.doubleQuotedStrings = doubleQuotedStrings;
    this.backslashEscapes = backslashEscapes;
    this.hashComments = hashComments;
    this.nestedComments = nestedComments;
    this.tripleQuotes = tripleQuotes;
    this.backslashHides = backslashHides;
  }

  /** The dialect of a system named by {@link DbSystems#of}. */
  public static SqlDialect of(String system) {
    if (system == null) {
      return STANDARD;
    }
    switch (system) {
      case "mysql":
      case "mariadb":
        return MYSQL;
      case "sqlite":
        return SQLITE;
      case "hive":
      case "hive2":
      case "spark":
      case "databricks":
      case "impala":
        return HIVE;
      case "bigquery":
        return BIGQUERY;
      default:
        return STANDARD;
    }
  }
}
