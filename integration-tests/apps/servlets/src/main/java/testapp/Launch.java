package testapp;

/** The launchers' shared contract with the test harness. */
public final class Launch {
  private Launch() {}

  /** {@code -Dport=}, else 0: the OS picks a free port. */
  public static int port() {
    return Integer.getInteger("port", 0);
  }

  /** The line the harness waits for; printed once the connector accepts connections. */
  public static void ready(int port) {
    System.out.println("READY port=" + port);
    System.out.flush();
  }
}
