package dev.reqtrace.agent;

import net.bytebuddy.ByteBuddy;

/**
 * Byte Buddy's process-wide settings, and its core loaded on a thread of its own from the first
 * line of {@code premain}: building Byte Buddy's first {@link ByteBuddy} instance loads and links
 * a few hundred of its classes and generates its JDK dispatchers (~60 ms on the demo's 2 vCPUs).
 * Done by the instrumenter's thread after the agent's configuration and logging were set up, it
 * was not ready when the launcher, checking the demo's main class, loaded {@code HttpServlet}, the
 * first class to transform, whose loading then waited ~80 ms for it. Touches only Byte Buddy's own
 * (relocated) classes, never the bootstrap API, so it may run before that is defined.
 */
final class ByteBuddyPreload implements Runnable {
  private ByteBuddyPreload() {}

  /** Starts the loading; the instrumenter's own first use of Byte Buddy waits for what is under way. */
  static void inBackground() {
    try {
      Thread thread = new Thread(new ByteBuddyPreload(), "reqtrace-preload");
      thread.setDaemon(true);
      thread.start();
    } catch (Throwable e) {
      // Only an earlier start is lost: the instrumenter loads Byte Buddy itself.
    }
  }

  /**
   * Must run before Byte Buddy's first use; idempotent, and an operator's own value wins.
   * (Relocation renames these properties to dev.reqtrace.shaded.bytebuddy.*.)
   */
  static void configure() {
    // Byte Buddy's Nexus serves LoadedTypeInitializers, which a decorating transformation never
    // uses; its set-up reaches for sun.misc.Unsafe, which JDK 24+ reports on the application's
    // stderr.
    if (System.getProperty("net.bytebuddy.nexus.disabled") == null) {
      System.setProperty("net.bytebuddy.nexus.disabled", "true");
    }
    /*
     * Byte Buddy reaches the JDK's newer APIs through dispatchers, by default JDK proxies: their
     * generation runs the JDK's internal ASM with frame computation, whose Frame.execute then gets
     * compiled by C2 early in start-up and again after a deoptimisation (demo, PrintCompilation).
     * "generate" has Byte Buddy write those dispatchers itself (demo, 10 interleaved start-ups:
     * -137 ms to the first 200, -85 ms of JIT CPU).
     */
    if (System.getProperty("net.bytebuddy.generate") == null) {
      System.setProperty("net.bytebuddy.generate", "true");
    }
  }

  @Override
  public void run() {
    try {
      configure();
      new ByteBuddy();
    } catch (Throwable e) {
      // The instrumenter's own use of Byte Buddy reports what is wrong with it.
    }
  }
}
