package dev.reqtrace.agent;

/**
 * Libraries that never serve a request or run a statement themselves, though some of their classes
 * implement a servlet or filter (Logback's MDC filter, Spring Boot's launcher) or declare a method
 * of an advised name ({@code start}, {@code close}, {@code execute}): never transformed. Checked by
 * {@link SuperTypeFilter} before it reads anything, so their classes cost no super type look-up (on
 * the demo a third of the filter's reads were Logback's {@code start()} components, each read a
 * class-path resource look-up through every JDK module of three loaders).
 */
final class IgnoredLibraries {
  // Built at run time: shading rewrites an "org/slf4j/" literal to the agent's relocated copy, and
  // the prefix to ignore is the application's own SLF4J.
  private static final String SLF4J = String.join("/", "org", "slf4j", "");

  private static final String[] PREFIXES = {SLF4J, "ch/qos/logback/",
      "org/apache/logging/", "com/fasterxml/jackson/", "kotlin/", "scala/", "groovy/",
      "org/springframework/boot/loader/", "org/springframework/cglib/",
      "org/springframework/asm/", "org/hibernate/validator/", "org/junit/"};

  private IgnoredLibraries() {}

  /** @param internalName a class's internal name ({@code a/b/C}) */
  static boolean contains(String internalName) {
    for (String prefix : PREFIXES) {
      if (internalName.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
