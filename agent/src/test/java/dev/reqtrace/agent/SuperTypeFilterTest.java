package dev.reqtrace.agent;

import static org.assertj.core.api.Assertions.assertThat;

import example.supertypes.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuperTypeFilterTest {
  private final ClassLoader loader = Fixtures.class.getClassLoader();
  private final SuperTypeFilter filter = new SuperTypeFilter(
      List.of(Fixtures.Marker.class.getName(), "java.sql.Statement"), List.of("handle", "execute"));

  @Test
  void classesReachingARootFromTheirHeadersAreCandidates() throws IOException {
    assertThat(whileLoading(Fixtures.Direct.class)).isTrue();
    assertThat(whileLoading(Fixtures.Deep.class)).isTrue();
    assertThat(whileLoading(Fixtures.ThroughInterface.class)).isTrue();
    assertThat(whileLoading(Fixtures.DriverStatement.class)).isTrue();
  }

  @Test
  void unrelatedClassesAndInterfacesAreNot() throws IOException {
    assertThat(whileLoading(Fixtures.Unrelated.class)).isFalse();
    assertThat(whileLoading(Fixtures.SubMarker.class)).isFalse();
    assertThat(whileLoading(Fixtures.Marker.class)).isFalse();
    assertThat(whileLoading(Fixtures.class)).isFalse();
  }

  @Test
  void classesWithoutAnAdvisedMethodAreRuledOutWithoutReadingTheirSuperTypes() throws IOException {
    CountingLoader counting = new CountingLoader(loader);
    assertThat(filter.mayTransform(counting, internalName(Fixtures.Inherits.class), null,
        classFile(Fixtures.Inherits.class))).isFalse();
    assertThat(filter.mayTransform(counting, internalName(Fixtures.AbstractHandler.class), null,
        classFile(Fixtures.AbstractHandler.class))).isFalse();
    assertThat(counting.reads).isZero();
    // The same loader reads Direct's header for Deep, which declares handle().
    assertThat(filter.mayTransform(counting, internalName(Fixtures.Deep.class), null,
        classFile(Fixtures.Deep.class))).isTrue();
    assertThat(counting.reads).isEqualTo(1);
  }

  @Test
  void aClassIsJudgedOnlyForTheInstrumentationsWhoseMethodNamesItDeclaresAndWhoseNamesItCanHave()
      throws IOException {
    // "handle" belongs to an instrumentation that never transforms a class named *Deep*; "execute"
    // to one that transforms any class, but Deep declares no execute().
    SuperTypeFilter grouped = new SuperTypeFilter(List.of(Fixtures.Marker.class.getName()),
        List.of(new SuperTypeFilter.Group(List.of("handle"), name -> !name.endsWith("Deep")),
            new SuperTypeFilter.Group(List.of("execute"), name -> true)));
    CountingLoader counting = new CountingLoader(loader);

    assertThat(grouped.mayTransform(counting, internalName(Fixtures.Deep.class), null,
        classFile(Fixtures.Deep.class))).isFalse();
    assertThat(counting.reads).as("super types read").isZero();
    assertThat(grouped.mayTransform(counting, internalName(Fixtures.Direct.class), null,
        classFile(Fixtures.Direct.class))).isTrue();
  }

  @Test
  void classesOfIgnoredLibrariesAreRuledOutBeforeAnyRead() throws IOException {
    CountingLoader counting = new CountingLoader(loader);
    // Deep declares handle() and reaches the root through Direct: a candidate under its own name.
    assertThat(filter.mayTransform(counting, "ch/qos/logback/core/Deep", null,
        classFile(Fixtures.Deep.class))).isFalse();
    assertThat(filter.mayTransform(counting, "org/slf4j/Deep", null,
        classFile(Fixtures.Deep.class))).isFalse();
    assertThat(counting.reads).isZero();
  }

  @Test
  void answersCachedForASuperTypeDoNotMakeItsInterfacesCandidates() throws IOException {
    assertThat(whileLoading(Fixtures.ThroughInterface.class)).isTrue(); // caches SubMarker: true
    assertThat(whileLoading(Fixtures.SubMarker.class)).isFalse();
  }

  @Test
  void loadedClassesAreJudgedByReflection() {
    assertThat(retransforming(Fixtures.Deep.class)).isTrue();
    assertThat(retransforming(Fixtures.DriverStatement.class)).isTrue();
    assertThat(retransforming(Fixtures.Unrelated.class)).isFalse();
    assertThat(retransforming(Fixtures.SubMarker.class)).isFalse();
  }

  @Test
  void theJdkTheAgentAndUnreadableClassFilesAreHandled() {
    assertThat(filter.mayTransform(null, "java/sql/Statement", null, new byte[0])).isFalse();
    assertThat(filter.mayTransform(loader, "dev/reqtrace/agent/Agent", null, new byte[0])).isFalse();
    assertThat(filter.mayTransform(loader, null, null, new byte[0])).isFalse();
    // Not a class file: Byte Buddy gets it and decides (it will not transform it either).
    assertThat(filter.mayTransform(loader, "example/Broken", null, new byte[] {1, 2, 3})).isTrue();
  }

  @Test
  void aMissingSuperTypeIsNoMatch() throws IOException {
    SuperTypeFilter other = new SuperTypeFilter(List.of("no.such.Root"), List.of("handle"));
    assertThat(other.mayTransform(loader, internalName(Fixtures.Deep.class), null,
        classFile(Fixtures.Deep.class))).isFalse();
  }

  @Test
  void forgetsItsAnswersOnlyAfterAQuietInterval() throws IOException {
    assertThat(whileLoading(Fixtures.Deep.class)).isTrue();
    assertThat(filter.cachedLoaders()).isEqualTo(1);
    assertThat(filter.clearIfIdle()).as("a class was looked up since the last check").isFalse();
    assertThat(filter.cachedLoaders()).isEqualTo(1);
    assertThat(filter.clearIfIdle()).as("nothing since").isTrue();
    assertThat(filter.cachedLoaders()).isZero();
    // Answers come back as they were.
    assertThat(whileLoading(Fixtures.Deep.class)).isTrue();
    assertThat(whileLoading(Fixtures.Unrelated.class)).isFalse();
  }

  private boolean whileLoading(Class<?> type) throws IOException {
    return filter.mayTransform(loader, internalName(type), null, classFile(type));
  }

  private boolean retransforming(Class<?> type) {
    return filter.mayTransform(loader, internalName(type), type, null);
  }

  /** Counts the class files read through it. */
  private static final class CountingLoader extends ClassLoader {
    int reads;

    CountingLoader(ClassLoader parent) {
      super(parent);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
      reads++;
      return super.getResourceAsStream(name);
    }
  }

  private static String internalName(Class<?> type) {
    return type.getName().replace('.', '/');
  }

  private byte[] classFile(Class<?> type) throws IOException {
    try (InputStream in = loader.getResourceAsStream(internalName(type) + ".class")) {
      return in.readAllBytes();
    }
  }
}
