package example.supertypes;

import java.sql.PreparedStatement;

/** Types for SuperTypeFilterTest; outside dev.reqtrace, which the agent never transforms. */
public final class Fixtures {
  private Fixtures() {}

  /** A root. */
  public interface Marker {}

  public interface SubMarker extends Marker {}

  public static class Direct implements Marker {
    public void handle() {}
  }

  public static class Deep extends Direct {
    @Override
    public void handle() {}
  }

  /**
   * Reaches a root but declares no advised method: nothing in it could be transformed. It calls
   * one, so the name is among its constants.
   */
  public static class Inherits extends Direct {
    public void other() {
      handle();
    }
  }

  public static class ThroughInterface implements Runnable, SubMarker {
    @Override
    public void run() {}

    public void handle() {}
  }

  /** Declares an advised name, but abstract: there is no code to put advice in. */
  public abstract static class AbstractHandler implements Marker {
    public abstract void handle();
  }

  public static class Unrelated implements Runnable {
    @Override
    public void run() {}
  }

  /** Reaches java.sql.Statement only through java.sql.PreparedStatement, a JDK interface. */
  public abstract static class DriverStatement implements PreparedStatement {
    @Override
    public boolean execute() {
      return false;
    }
  }
}
