package dev.reqtrace.instrumentation.servlet;

import dev.reqtrace.bootstrap.Activation;
import dev.reqtrace.bootstrap.ServletBridges;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Servlet.service}, {@code Filter.doFilter} and Tomcat's host valve, of either
 * servlet API: one call on entry and one on exit, the work itself out of line in a
 * {@link dev.reqtrace.bootstrap.ServletBridge}. Inlining that work (about 540 bytes of bytecode)
 * into every servlet and filter made them too large for the JIT to inline into their callers; the
 * steady-state figures in benchmarks/README.md show what that cost.
 */
public final class ServiceAdvice {
  private ServiceAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Activation enter(@Advice.Argument(0) Object request,
                                 @Advice.Argument(1) Object response) {
    return ServletBridges.enter(request, response);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Argument(0) Object request,
                          @Advice.Argument(1) Object response,
                          @Advice.Enter Activation activation,
                          @Advice.Thrown Throwable thrown) {
    ServletBridges.exit(request, response, activation, thrown);
  }
}
