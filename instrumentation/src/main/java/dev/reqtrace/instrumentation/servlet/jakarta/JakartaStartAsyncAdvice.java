package dev.reqtrace.instrumentation.servlet.jakarta;

import dev.reqtrace.bootstrap.RequestScope;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletRequest;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ServletRequest.startAsync}: the request now ends when its async processing
 * completes, not when {@code service()} returns. Registered at every start, because a restarted
 * async cycle drops the listeners of the previous one.
 */
public final class JakartaStartAsyncAdvice {
  private JakartaStartAsyncAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This ServletRequest req, @Advice.Return AsyncContext context) {
    RequestScope scope = RequestScope.ofAsyncStart(req.getAttribute(RequestScope.SCOPE_ATTRIBUTE));
    if (scope != null && context != null) {
      // The ASYNC dispatch that may follow, on another thread, resumes the request from here.
      req.setAttribute(RequestScope.SCOPE_ATTRIBUTE, scope);
      context.addListener((AsyncListener) scope.asyncListener(AsyncListener.class));
    }
  }
}
