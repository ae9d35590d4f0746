package dev.reqtrace.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.is;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Applies a descriptor's advice for real, with Byte Buddy's agent builder, to the classes of one
 * throwaway loader only: how the advice tests see what the agent's transformer would do.
 */
public final class AdviceInstaller {
  private AdviceInstaller() {}

  /** Installs {@code descriptor}'s advice for the classes {@code loader} defines; remove it after. */
  public static ClassFileTransformer install(Instrumentation instrumentation, Descriptor descriptor,
      ClassLoader loader) {
    AgentBuilder builder = new AgentBuilder.Default().disableClassFormatChanges();
    for (Descriptor.Target target : descriptor.targets()) {
      builder = builder.type(target.types(), is(loader))
          .transform(new AgentBuilder.Transformer.ForAdvice()
              .include(AdviceInstaller.class.getClassLoader())
              .advice(descriptor.methodsOf(target), target.advice()));
    }
    return builder.installOn(instrumentation);
  }
}
