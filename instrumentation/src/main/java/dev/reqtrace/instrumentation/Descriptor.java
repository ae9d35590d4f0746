package dev.reqtrace.instrumentation;

import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/** Describes the instrumentation of one technology; the agent installs it, or skips it with one line. */
public interface Descriptor {
  /** The {@code <name>} of {@code reqtrace.instrumentation.<name>.enabled}, lower_snake_case. */
  String name();

  /** A class that must be visible to a class loader for its types to be considered at all. */
  String guardClass();

  /**
   * Every type any target may transform is one of these or a subtype of one (binary names): the
   * agent reads only class file headers to rule out every other class before any matcher runs.
   */
  List<String> typeRoots();

  /**
   * Every method any target may transform has one of these names, and the agent transforms no
   * other: a class that declares none of them with code is ruled out from its own class file,
   * before its super types are looked at (most classes are).
   */
  List<String> methodNames();

  /**
   * Whether a class of this name ({@code a/b/C}, internal form) can be one of the targets' types
   * at all: a cheap check on the name alone that the agent makes before reading any of the class's
   * super types, for a class that declares none of the other instrumentations' method names.
   * {@code true} unless certain; the default.
   */
  default boolean mayTransformClassNamed(String internalName) {
    return true;
  }

  /** The type groups and the advice each gets. */
  List<Target> targets();

  /** The methods the agent advises for {@code target}: its matcher, within {@link #methodNames}. */
  default ElementMatcher<MethodDescription> methodsOf(Target target) {
    ElementMatcher.Junction<MethodDescription> named =
        ElementMatchers.namedOneOf(methodNames().toArray(new String[0]));
    return named.and(target.methods());
  }

  /** Types to transform, the methods in them, and the advice (named by string, never loaded). */
  final class Target {
    private final ElementMatcher<TypeDescription> types;
    private final ElementMatcher<? super MethodDescription> methods;
    private final String advice;
    private final boolean statementSlot;

    public Target(ElementMatcher<TypeDescription> types,
        ElementMatcher<? super MethodDescription> methods, String advice) {
      this(types, methods, advice, false);
    }

    private Target(ElementMatcher<TypeDescription> types,
        ElementMatcher<? super MethodDescription> methods, String advice, boolean statementSlot) {
      this.types = types;
      this.methods = methods;
      this.advice = advice;
      this.statementSlot = statementSlot;
    }

    /**
     * This target, and a class it transforms as the class loads also gets a
     * {@code dev.reqtrace.bootstrap.StatementSlot} (for {@code java.sql.Statement} types only).
     */
    public Target withStatementSlot() {
      return new Target(types, methods, advice, true);
    }

    /** Whether a class this target transforms gets a statement slot where it can. */
    public boolean addsStatementSlot() {
      return statementSlot;
    }

    public ElementMatcher<TypeDescription> types() {
      return types;
    }

    public ElementMatcher<? super MethodDescription> methods() {
      return methods;
    }

    public String advice() {
      return advice;
    }
  }
}
