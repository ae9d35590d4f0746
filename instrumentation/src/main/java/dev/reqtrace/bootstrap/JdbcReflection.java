package dev.reqtrace.bootstrap;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The few {@code java.sql} methods bootstrap code calls. Since Java 9 {@code java.sql} belongs to the
 * platform class loader, which the boot loader cannot see, so they are bound at run time as method
 * handles taking and returning {@code Object}.
 */
final class JdbcReflection {
  private static final MethodHandle UNWRAP;
  private static final MethodHandle GET_META_DATA;
  private static final MethodHandle GET_URL;
  private static final MethodHandle GET_CONNECTION;
  private static final Class<?> CONNECTION;

  static {
    MethodHandle unwrap = null;
    MethodHandle metaData = null;
    MethodHandle url = null;
    MethodHandle connection = null;
    Class<?> connectionType = null;
    try {
      ClassLoader platform = ClassLoader.getPlatformClassLoader();
      Class<?> wrapper = Class.forName("java.sql.Wrapper", false, platform);
      connectionType = Class.forName("java.sql.Connection", false, platform);
      Class<?> databaseMetaData = Class.forName("java.sql.DatabaseMetaData", false, platform);
      Class<?> statement = Class.forName("java.sql.Statement", false, platform);
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      unwrap = lookup.findVirtual(wrapper, "unwrap",
              MethodType.methodType(Object.class, Class.class))
          .asType(MethodType.methodType(Object.class, Object.class, Class.class));
      metaData = lookup.findVirtual(connectionType, "getMetaData",
              MethodType.methodType(databaseMetaData))
          .asType(MethodType.methodType(Object.class, Object.class));
      url = lookup.findVirtual(databaseMetaData, "getURL", MethodType.methodType(String.class))
          .asType(MethodType.methodType(String.class, Object.class));
      connection = lookup.findVirtual(statement, "getConnection",
              MethodType.methodType(connectionType))
          .asType(MethodType.methodType(Object.class, Object.class));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      Failures.record(Failures.ADVICE, e);
    }
    UNWRAP = unwrap;
    GET_META_DATA = metaData;
    GET_URL = url;
    GET_CONNECTION = connection;
    CONNECTION = connectionType;
  }

  private JdbcReflection() {}

  /**
   * The connection a pool wrapper delegates to ({@code unwrap(Connection.class)}), or
   * {@code connection} itself when it is not a wrapper or cannot tell (old drivers throw
   * {@code AbstractMethodError}).
   */
  static Object unwrapConnection(Object connection) {
    try {
      Object inner = UNWRAP == null ? null : (Object) UNWRAP.invokeExact(connection, CONNECTION);
      return inner == null ? connection : inner;
    } catch (Throwable e) {
      return connection;
    }
  }

  /** {@code connection.getMetaData().getURL()}, or {@code null}. */
  static String url(Object connection) {
    try {
      Object metaData = (Object) GET_META_DATA.invokeExact(connection);
      return metaData == null ? null : (String) GET_URL.invokeExact(metaData);
    } catch (Throwable e) {
      return null;
    }
  }

  /** {@code statement.getConnection()}, or {@code null}. */
  static Object connectionOf(Object statement) {
    try {
      return (Object) GET_CONNECTION.invokeExact(statement);
    } catch (Throwable e) {
      return null;
    }
  }
}
