package dev.reqtrace.instrumentation.servlet;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.reqtrace.instrumentation.Descriptor;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Spring's task executors, which run MVC {@code Callable} handlers and {@code @Async} work: a task
 * submitted during a request runs with that request's IDs. MVC submits a {@code Runnable};
 * {@code @Async} methods returning {@code void} or a {@code Future} reach the executor as a
 * {@code Callable} ({@code AsyncExecutionAspectSupport.doSubmit}), which
 * {@code ThreadPoolTaskExecutor} passes straight to the JDK's pool and
 * {@code SimpleAsyncTaskExecutor} to its {@code execute(Runnable, long)}.
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
    return List.of("execute", "submit", "submitCompletable", "submitListenable");
  }

  @Override
  public List<Target> targets() {
    // Methods with code only: the interfaces' default methods delegate to execute(Runnable) of
    // the class, which is advised where it has code.
    return List.of(
        new Target(not(isInterface()).and(hasSuperType(named(TASK_EXECUTOR))),
            not(isAbstract()).and(
                namedOneOf("execute", "submit", "submitCompletable", "submitListenable")
                    .and(takesArguments(Runnable.class))
                .or(named("execute").and(takesArguments(Runnable.class, long.class)))),
            TaskExecutorRunnableAdvice.class.getName()),
        new Target(not(isInterface()).and(hasSuperType(named(TASK_EXECUTOR))),
            not(isAbstract()).and(namedOneOf("submit", "submitCompletable", "submitListenable"))
                .and(takesArguments(Callable.class)),
            TaskExecutorCallableAdvice.class.getName()));
  }
}
