package dev.reqtrace.agent;

import java.sql.Statement;

/**
 * Never instantiated: its class file is what {@link AdviceTransformer#warmUp} transforms, a
 * statement class the JDBC advice matches (its name says Statement and it declares
 * {@code execute}), whose types every loader sees.
 */
abstract class WarmUpStatement implements Statement {
  @Override
  public boolean execute(String sql) {
    return false;
  }
}
