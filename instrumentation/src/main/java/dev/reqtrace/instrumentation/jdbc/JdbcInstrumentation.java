package dev.reqtrace.instrumentation.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.reqtrace.instrumentation.Descriptor;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * JDBC for any driver or pool: SQL is remembered when {@code Connection.prepareStatement}/
 * {@code prepareCall} returns (or taken from the argument of {@code Statement.execute(String)}), and
 * the outermost {@code execute*}/{@code executeBatch} of a thread is one span: a pool proxy and the
 * driver statement it delegates to share the JDBC depth ({@code ThreadState}).
 */
public final class JdbcInstrumentation implements Descriptor {
  private static final String STATEMENT = "java.sql.Statement";
  private static final String CONNECTION = "java.sql.Connection";
  private static final String ADVICE = JdbcInstrumentation.class.getPackage().getName() + ".";

  @Override
  public String name() {
    return "jdbc";
  }

  /** Visible to every loader ({@code java.sql} is a platform module); the name filter does the work. */
  @Override
  public String guardClass() {
    return STATEMENT;
  }

  private static final String DB2_PACKAGE = "com.ibm.db2.";

  @Override
  public List<String> typeRoots() {
    return List.of(STATEMENT, CONNECTION);
  }

  @Override
  public List<String> methodNames() {
    return List.of("prepareStatement", "prepareCall", "execute", "executeQuery", "executeUpdate",
        "executeLargeUpdate", "executeBatch", "executeLargeBatch", "addBatch", "clearBatch",
        "close");
  }

  @Override
  public List<Target> targets() {
    ElementMatcher.Junction<MethodDescription> sqlOrNothing =
        takesArguments(0).or(takesArgument(0, String.class));
    ElementMatcher.Junction<MethodDescription> concrete = not(isAbstract());
    ElementMatcher.Junction<TypeDescription> statements = candidates().and(hasSuperType(named(STATEMENT)));
    return List.of(
        new Target(candidates().and(hasSuperType(named(CONNECTION))),
            concrete.and(namedOneOf("prepareStatement", "prepareCall"))
                .and(takesArgument(0, String.class))
                .and(returns(hasSuperType(named(STATEMENT)))),
            ADVICE + "ConnectionPrepareAdvice"),
        new Target(statements,
            concrete.and(namedOneOf("execute", "executeQuery")).and(sqlOrNothing),
            ADVICE + "StatementExecuteAdvice").withStatementSlot(),
        new Target(statements,
            concrete.and(named("executeUpdate")).and(returns(int.class)).and(sqlOrNothing),
            ADVICE + "StatementUpdateAdvice").withStatementSlot(),
        new Target(statements,
            concrete.and(named("executeLargeUpdate")).and(returns(long.class)).and(sqlOrNothing),
            ADVICE + "StatementLargeUpdateAdvice").withStatementSlot(),
        new Target(statements,
            concrete.and(named("executeBatch")).and(takesArguments(0)).and(returns(int[].class)),
            ADVICE + "StatementBatchAdvice").withStatementSlot(),
        new Target(statements,
            concrete.and(named("executeLargeBatch")).and(takesArguments(0)).and(returns(long[].class)),
            ADVICE + "StatementLargeBatchAdvice").withStatementSlot(),
        new Target(statements,
            concrete.and(named("addBatch")).and(takesArguments(0).or(takesArguments(String.class))),
            ADVICE + "StatementAddBatchAdvice").withStatementSlot(),
        new Target(statements,
            concrete.and(named("clearBatch")).and(takesArguments(0)),
            ADVICE + "StatementClearBatchAdvice").withStatementSlot(),
        new Target(statements,
            concrete.and(named("close")).and(takesArguments(0)),
            ADVICE + "StatementCloseAdvice").withStatementSlot());
  }

  /*
   * Cheap name checks before any hierarchy is resolved: driver and pool classes say what they are
   * (PgPreparedStatement, HikariProxyConnection, JdbcConnection, StatementImpl, ...). DB2's
   * obfuscated class names say nothing, so its package is listed; a driver with other opaque names
   * is not instrumented (README: JDBC). ("Connection" contains "Conn".)
   */
  private static ElementMatcher.Junction<TypeDescription> candidates() {
    return not(isInterface()).and(nameContains("Statement").or(nameContains("Stmt"))
        .or(nameContains("Conn")).or(nameStartsWith(DB2_PACKAGE)));
  }

  /**
   * The same names as the type matchers': most classes declaring a {@code close()} or an
   * {@code execute} (an H2 storage class, a container's stream) are ruled out before their super
   * types are read.
   */
  @Override
  public boolean mayTransformClassNamed(String internalName) {
    // The whole name, as nameContains sees it: no part of these contains a package separator.
    return internalName.contains("Statement") || internalName.contains("Stmt")
        || internalName.contains("Conn") || internalName.startsWith(DB2_PACKAGE.replace('.', '/'));
  }
}
