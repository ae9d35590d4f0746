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
  STANDARD,
  /** MySQL and MariaDB: {@code "..."} strings, backslash escapes, {@code #} comments. */
  MYSQL,
  /** SQLite: {@code "..."} is a string where no column has that name; no backslash escapes. */
  SQLITE,
  /** Hive, Spark, Databricks, Impala: {@code "..."} strings, backslash escapes. */
  HIVE,
  /** BigQuery: as {@link #HIVE}, and {@code #} comments and triple-quoted strings. */
  BIGQUERY;

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
