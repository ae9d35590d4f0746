package dev.reqtrace.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.reqtrace.instrumentation.Descriptor;
import java.util.List;

/**
 * Servlets and filters of one namespace ({@code javax.servlet} or {@code jakarta.servlet}): one core,
 * two thin shells. The service advice is shared and its bridge is written once (see
 * {@link ServletBridgeFactory}); only the async advice, whose parameter types differ, is written
 * twice.
 */
public final class ServletInstrumentation implements Descriptor {
  private final String ns;
  private final String advicePackage;
  private final String adviceNamePrefix;

  private ServletInstrumentation(String namespace, String advicePackage, String adviceNamePrefix) {
    this.ns = namespace;
    this.advicePackage = advicePackage;
    this.adviceNamePrefix = adviceNamePrefix;
  }

  /** Servlet 5+ ({@code jakarta.servlet}). */
  public static ServletInstrumentation jakarta() {
    return new ServletInstrumentation("jakarta.servlet", "jakarta", "Jakarta");
  }

  /** Servlet 3.0–4.0 ({@code javax.servlet}). */
  public static ServletInstrumentation javax() {
    return new ServletInstrumentation("javax.servlet", "javax", "Javax");
  }

  @Override
  public String name() {
    return "servlet";
  }

  @Override
  public String guardClass() {
    return ns + ".ServletRequest";
  }

  @Override
  public List<String> typeRoots() {
    return List.of(ns + ".Servlet", ns + ".Filter", ns + ".ServletRequest", ns + ".AsyncContext",
        "org.apache.catalina.core.StandardHostValve");
  }

  @Override
  public List<String> methodNames() {
    return List.of("service", "doFilter", "invoke", "startAsync", "start");
  }

  @Override
  public List<Target> targets() {
    String advice = ServletInstrumentation.class.getPackage().getName() + "." + advicePackage + "."
        + adviceNamePrefix;
    return List.of(
        new Target(not(isInterface()).and(hasSuperType(namedOneOf(ns + ".Servlet", ns + ".Filter"))),
            not(isAbstract()).and(
                named("service").and(takesArguments(2))
                    .and(takesArgument(0, named(ns + ".ServletRequest")))
                    .and(takesArgument(1, named(ns + ".ServletResponse")))
                .or(named("doFilter").and(takesArguments(3))
                    .and(takesArgument(0, named(ns + ".ServletRequest")))
                    .and(takesArgument(1, named(ns + ".ServletResponse"))))),
            ServiceAdvice.class.getName()),
        // Tomcat logs a servlet's exception and renders error pages in its host valve, after the
        // servlet returned: opening the request there puts the ID on those lines and pages too.
        new Target(named("org.apache.catalina.core.StandardHostValve"),
            named("invoke").and(takesArguments(2))
                .and(takesArgument(0, hasSuperType(named(ns + ".http.HttpServletRequest"))))
                .and(takesArgument(1, hasSuperType(named(ns + ".http.HttpServletResponse")))),
            ServiceAdvice.class.getName()),
        new Target(not(isInterface()).and(hasSuperType(named(ns + ".ServletRequest"))),
            not(isAbstract()).and(named("startAsync")).and(returns(named(ns + ".AsyncContext"))),
            advice + "StartAsyncAdvice"),
        new Target(not(isInterface()).and(hasSuperType(named(ns + ".AsyncContext"))),
            not(isAbstract()).and(named("start")).and(takesArguments(1))
                .and(takesArgument(0, Runnable.class)),
            AsyncTaskAdvice.class.getName()));
  }
}
