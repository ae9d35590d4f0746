import dev.reqtrace.bootstrap.Activation;
import dev.reqtrace.bootstrap.RequestScope;
import java.lang.management.ManagementFactory;

/**
 * A request's logging-context work, alone: {@code RequestScope.start} (IDs, the logging contexts
 * written) and the activation's restore, in a loop on one thread, with whatever logging the class
 * path has (mdc-loop.sh gives it Spring Boot's default: Logback, and Log4j's API over SLF4J).
 * Prints, per measured round, the thread's CPU and allocated bytes per start and restore. With
 * {@code end} each request ends instead of only restoring: under the agent (mdc-loop.sh's
 * {@code AGENT=1}) that hands it to the agent's recorder, as a container's last dispatch exit does.
 * Compiled and run by mdc-loop.sh; not part of the build.
 */
public final class MdcLoop {
  public static void main(String[] args) {
    int rounds = Integer.parseInt(args[0]);
    int perRound = Integer.parseInt(args[1]);
    boolean end = args.length > 2 && args[2].equals("end");
    String path = args.length > 3 ? args[3] : "/x";
    org.slf4j.LoggerFactory.getLogger(MdcLoop.class); // SLF4J binds its provider, as an app does
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    for (int round = -3; round < rounds; round++) { // three rounds of warm-up
      long bytes = threads.getThreadAllocatedBytes(thread);
      long cpu = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < perRound; i++) {
        Activation activation = RequestScope.start("GET", path, null, null);
        if (end) {
          activation.end(200, null, null);
        } else {
          activation.restore();
        }
      }
      cpu = threads.getCurrentThreadCpuTime() - cpu;
      bytes = threads.getThreadAllocatedBytes(thread) - bytes;
      if (round >= 0) {
        System.out.printf("%.1f %.1f%n", cpu / (double) perRound, bytes / (double) perRound);
      }
    }
  }
}
