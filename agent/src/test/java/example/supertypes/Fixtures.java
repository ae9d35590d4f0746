package example.supertypes;

import java.sql.PreparedStatement;

/** Types for SuperTypeFilterTest; outside dev.reqtrace, which the agent never transforms. */
public final class Fixtures {
  private Fixtures() {}

  /** A root. */
  public interface Marker {}

  public interface SubMarker extends Marker {}

  public static class Direct implements Marker {}

  public static class Deep extends Direct {}

  public static class ThroughInterface implements Runnable, SubMarker {
    @Override
    public void run() {}
  }

  public static class Unrelated implements Runnable {
    @Override
    public void run() {}
  }

  /** Reaches java.sql.Statement only through java.sql.PreparedStatement, a JDK interface. */
  public abstract static class DriverStatement implements PreparedStatement {}
}
