package example.advised;

import java.sql.Statement;

/** A statement class the JDBC advice matches (its name, execute(String), close()). */
public abstract class StatementFixture implements Statement {
  @Override
  public boolean execute(String sql) {
    return false;
  }

  @Override
  public void close() {}
}
