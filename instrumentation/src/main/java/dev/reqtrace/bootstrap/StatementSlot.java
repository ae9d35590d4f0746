package dev.reqtrace.bootstrap;

/**
 * Added by the agent, with a field behind it, to the JDBC statement classes it transforms as they
 * load: the statement then carries its own {@link StatementRecord}, and the weak identity map is
 * only for statement classes that loaded before the agent was ready (retransformation cannot add a
 * field). Names carry a {@code reqtrace$} prefix so they never meet a driver's own members.
 */
public interface StatementSlot {
  /** The statement's record, or {@code null}. */
  StatementRecord reqtrace$record();

  /** Sets the statement's record; {@code null} forgets it. */
  void reqtrace$setRecord(StatementRecord record);
}
