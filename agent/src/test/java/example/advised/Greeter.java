package example.advised;

/** A class the test transformer advises (outside dev.reqtrace, which the agent never transforms). */
public class Greeter implements Runnable {
  public static int runs;
  private final String name = "greeter";

  @Override
  public void run() {
    runs++;
  }

  public String name() {
    return name;
  }

  /** Not a Runnable: no rule matches it. */
  public static final class Bystander {
    public void run() {}
  }
}
