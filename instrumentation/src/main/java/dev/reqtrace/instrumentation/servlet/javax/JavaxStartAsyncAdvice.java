package dev.reqtrace.instrumentation.servlet.javax;

import dev.reqtrace.bootstrap.RequestScope;
import javax.servlet.AsyncContext;
import javax.servlet.AsyncListener;
import javax.servlet.ServletRequest;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ServletRequest.startAsync}: the request now ends when its async processing
 * completes, not when {@code service()} returns. Registered at every start, because a restarted
 * async cycle drops the listeners of the previous one.
 */
public final class JavaxStartAsyncAdvice {
  private JavaxStartAsyncAdvice() {}

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
