package dev.reqtrace.bootstrap;

import java.util.Locale;

/**
 * The database system ({@code h2}, {@code postgresql}, {@code mysql}, ...) behind a connection, from
 * its JDBC URL, asked once per driver connection class. Pool wrappers (HikariCP's proxies, new for
 * every checkout) are unwrapped to the driver's connection first, so one pool class serving two
 * databases still names each right.
 */
public final class DbSystems {
  /** When the URL names no system we know and nothing usable. */
  public static final String OTHER = "other_sql";

  private static final int UNKNOWN = 0;
  private static final int WRAPPER = 1;
  private static final int DRIVER = 2;

  /** Per connection class; a ClassValue lives and dies with the class, pinning no loader. */
  private static final ClassValue<ClassInfo> CLASSES = new ClassValue<ClassInfo>() {
    @Override
    protected ClassInfo computeValue(Class<?> type) {
      return new ClassInfo();
    }
  };

  /** Guards the URL lookup: a driver whose getMetaData prepares a statement must not recurse. */
  private static final ThreadLocal<Boolean> RESOLVING = new ThreadLocal<>();

  private DbSystems() {}

  /** The system of {@code connection}, or {@link #OTHER}. */
  public static String of(Object connection) {
    if (connection == null) {
      return OTHER;
    }
    ClassInfo info = CLASSES.get(connection.getClass());
    int kind = info.kind;
    Object driverConnection = connection;
    if (kind != DRIVER) {
      Object inner = JdbcReflection.unwrapConnection(connection);
      if (kind == UNKNOWN) {
        // Decided once per class from its first instance: a driver's unwrap returns itself.
        info.kind = inner != connection ? WRAPPER : DRIVER;
      }
      driverConnection = inner;
    }
    ClassInfo driver = driverConnection == connection ? info : CLASSES.get(driverConnection.getClass());
    String system = driver.system;
    if (system == null) {
      if (RESOLVING.get() != null) {
        return OTHER;
      }
      RESOLVING.set(Boolean.TRUE);
      try {
        system = fromUrl(JdbcReflection.url(driverConnection));
      } finally {
        RESOLVING.remove();
      }
      driver.system = system;
    }
    return system;
  }

  /**
   * The system named by a JDBC URL: {@code jdbc:<system>:...}, skipping wrapping drivers
   * ({@code jdbc:p6spy:mysql:}, Testcontainers' {@code jdbc:tc:postgresql:}).
   */
  public static String fromUrl(String url) {
    if (url == null || !url.regionMatches(true, 0, "jdbc:", 0, 5)) {
      return OTHER;
    }
    int start = 5;
    while (true) {
      int end = url.indexOf(':', start);
      if (end < 0) {
        return OTHER;
      }
      String name = url.substring(start, end).toLowerCase(Locale.ROOT);
      switch (name) {
        case "p6spy":
        case "tc":
        case "log4jdbc":
        case "otel":
        case "jdbcdslog":
        case "aws-wrapper":
          start = end + 1;
          continue;
        case "postgresql":
        case "pgsql":
          return "postgresql";
        case "sqlserver":
        case "jtds":
          return "mssql";
        case "oracle":
          return "oracle";
        case "mysql":
          return "mysql";
        case "mariadb":
          return "mariadb";
        default:
          return isPlainName(name) ? name : OTHER;
      }
    }
  }

  private static boolean isPlainName(String name) {
    if (name.isEmpty() || name.length() > 20) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
        return false;
      }
    }
    return true;
  }

  private static final class ClassInfo {
    volatile int kind = UNKNOWN;
    volatile String system;
  }
}
