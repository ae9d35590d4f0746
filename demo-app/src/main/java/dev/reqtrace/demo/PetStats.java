package dev.reqtrace.demo;

/**
 * Body of the H2 procedure {@code REFRESH_PET_STATS(millis)}: stands in for an expensive
 * stored procedure so that GET /slow has one genuinely slow JDBC statement.
 */
public final class PetStats {
  private PetStats() {}

  /** Called by H2 through {@code CREATE ALIAS}; must stay public static. */
  public static int refresh(int millis) throws InterruptedException {
    Thread.sleep(millis);
    return millis;
  }
}
