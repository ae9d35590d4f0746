package dev.reqtrace.instrumentation.servlet;

import dev.reqtrace.bootstrap.Activation;
import dev.reqtrace.bootstrap.ServletBridges;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Servlet.service}, {@code Filter.doFilter} and Tomcat's host valve, of either
 * servlet API: one call on entry and one on exit, the work itself out of line in a
 * {@link dev.reqtrace.bootstrap.ServletBridge}. That work used to be inlined (about 540 bytes of
 * bytecode in each servlet, filter and valve, too large for the JIT to inline them into their
 * callers any longer); moving it out measured neutral on steady-state CPU (benchmarks/README.md),
 * and keeps one copy of it per servlet API instead of one per instrumented method.
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
