package dev.reqtrace.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.reqtrace.instrumentation.Descriptor;
import java.util.List;

/**
 * Spring's task executors, which run MVC {@code Callable} handlers and {@code @Async} work: a task
 * submitted during a request runs with that request's IDs.
 */
public final class SpringAsyncInstrumentation implements Descriptor {
  private static final String TASK_EXECUTOR = "org.springframework.core.task.TaskExecutor";

  @Override
  public String name() {
    return "async";
  }

  @Override
  public String guardClass() {
    return TASK_EXECUTOR;
  }

  @Override
  public List<String> typeRoots() {
    return List.of(TASK_EXECUTOR);
  }

  @Override
  public List<String> methodNames() {
    return List.of("execute", "submit", "submitCompletable");
  }

  @Override
  public List<Target> targets() {
    return List.of(new Target(not(isInterface()).and(hasSuperType(named(TASK_EXECUTOR))),
        not(isAbstract()).and(namedOneOf("execute", "submit", "submitCompletable"))
            .and(takesArguments(1)).and(takesArgument(0, Runnable.class)),
        AsyncTaskAdvice.class.getName()));
  }
}
