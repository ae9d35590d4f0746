package dev.reqtrace.agent;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isSubTypeOf;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reqtrace.instrumentation.Descriptor;
import dev.reqtrace.instrumentation.jdbc.JdbcInstrumentation;
import dev.reqtrace.bootstrap.StatementRecord;
import dev.reqtrace.bootstrap.StatementSlot;
import example.advised.Greeter;
import example.advised.StatementFixture;
import java.io.IOException;
import java.lang.reflect.Method;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.ExceptionMethod;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

class AdviceTransformerTest {
  private final List<String> events = new ArrayList<>();
  private final ClassLoader loader = Greeter.class.getClassLoader();

  @Test
  void theAdviceIsInlinedIntoMatchedMethodsOnly() throws Exception {
    AdviceTransformer transformer = new AdviceTransformer(List.of(runnables()), recording());
    byte[] transformed = transformer.transform(loader, "example/advised/Greeter", null, null,
        TestClassFiles.of(Greeter.class));

    assertThat(transformed).isNotNull();
    assertThat(events).containsExactly("transformed example.advised.Greeter");
    Class<?> type = new Isolated(loader, Greeter.class.getName(), transformed)
        .loadClass(Greeter.class.getName());
    Object greeter = type.getConstructor().newInstance();
    CountingAdvice.entries = 0;
    ((Runnable) greeter).run();
    assertThat(CountingAdvice.entries).isEqualTo(1);
    Method name = type.getMethod("name");
    assertThat(name.invoke(greeter)).isEqualTo("greeter");
    assertThat(CountingAdvice.entries).isEqualTo(1);
  }

  @Test
  void anApplicationsJavaxClassIsAdvisedLikeAnyOther() throws Exception {
    AdviceTransformer transformer = new AdviceTransformer(List.of(runnables()), recording());
    byte[] transformed = transformer.transform(loader, "javax/faces/webapp/FacesRunnable", null,
        null, TestClassFiles.of(javax.faces.webapp.FacesRunnable.class));

    assertThat(transformed).as("JSF's FacesServlet lives under javax. and implements Servlet")
        .isNotNull();
  }

  @Test
  void theClassKeepsItsShapeAsRetransformationRequires() throws IOException {
    AdviceTransformer transformer = new AdviceTransformer(List.of(runnables()), recording());
    byte[] original = TestClassFiles.of(Greeter.class);
    byte[] transformed = transformer.transform(loader, "example/advised/Greeter", Greeter.class,
        null, original);

    assertThat(members(transformed)).isEqualTo(members(original));
  }

  @Test
  void theWarmUpRunsTheJdbcAdviceSilentlyAndOnlyWhenJdbcIsOn() throws Exception {
    assertThat(new AdviceTransformer(List.of(new JdbcInstrumentation()), recording()).warmUp())
        .isTrue();
    assertThat(new AdviceTransformer(List.of(runnables()), recording()).warmUp()).isFalse();
    assertThat(events).as("the agent's own class is not reported as instrumented").isEmpty();
  }

  @Test
  void theWarmUpNamesTheAgentsOwnStatementClass() {
    assertThat(AdviceTransformer.WARM_UP_STATEMENT).isEqualTo(WarmUpStatement.class.getName());
  }

  @Test
  void adviceParsedForOneClassServesTheNextOfTheSameLoader() throws Exception {
    AdviceTransformer transformer = new AdviceTransformer(List.of(runnables()), recording());
    assertThat(transformer.transform(loader, "example/advised/Greeter", null, null,
        TestClassFiles.of(Greeter.class))).isNotNull();
    byte[] again = transformer.transform(loader, "example/advised/Greeter", null, null,
        TestClassFiles.of(Greeter.class));
    transformer.forgetParsedTypes();
    byte[] afterForgetting = transformer.transform(loader, "example/advised/Greeter", null, null,
        TestClassFiles.of(Greeter.class));

    assertThat(again).isEqualTo(afterForgetting);
    Object greeter = new Isolated(loader, Greeter.class.getName(), again)
        .loadClass(Greeter.class.getName()).getConstructor().newInstance();
    CountingAdvice.entries = 0;
    ((Runnable) greeter).run();
    assertThat(CountingAdvice.entries).isEqualTo(1);
  }

  @Test
  void aStatementClassTransformedAsItLoadsCarriesItsOwnRecord() throws Exception {
    AdviceTransformer transformer =
        new AdviceTransformer(List.of(new JdbcInstrumentation()), recording());
    byte[] transformed = transformer.transform(loader, "example/advised/StatementFixture", null,
        null, TestClassFiles.of(StatementFixture.class));
    Class<?> type = new Isolated(loader, StatementFixture.class.getName(), transformed)
        .loadClass(StatementFixture.class.getName());
    assertThat(StatementSlot.class.isAssignableFrom(type)).isTrue();
    Statement statement = (Statement) new ByteBuddy().subclass(type).method(isAbstract())
        .intercept(ExceptionMethod.throwing(UnsupportedOperationException.class)).make()
        .load(type.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER).getLoaded()
        .getConstructor().newInstance();
    int inMap = StatementRecord.tracked();

    StatementRecord.prepared(null, statement, "select 1");
    assertThat(StatementRecord.tracks(statement)).isTrue();
    assertThat(StatementRecord.tracked()).as("weak map entries").isEqualTo(inMap);
    statement.close(); // the inlined close advice forgets the record
    assertThat(StatementRecord.tracks(statement)).isFalse();
  }

  @Test
  void retransformationAddsTheSlotOnlyWhereTheClassGotItAsItLoaded() throws Exception {
    AdviceTransformer transformer =
        new AdviceTransformer(List.of(new JdbcInstrumentation()), recording());
    byte[] original = TestClassFiles.of(StatementFixture.class);
    byte[] atLoad = transformer.transform(loader, "example/advised/StatementFixture", null, null,
        original);
    Class<?> withSlot = new Isolated(loader, StatementFixture.class.getName(), atLoad)
        .loadClass(StatementFixture.class.getName());

    // Loaded before the agent was ready: no slot, the shape stays as it is.
    assertThat(members(transformer.transform(loader, "example/advised/StatementFixture",
        StatementFixture.class, null, original))).isEqualTo(members(original));
    // Got the slot as it loaded: the same members again, as retransformation requires.
    assertThat(members(transformer.transform(loader, "example/advised/StatementFixture", withSlot,
        null, original))).isEqualTo(members(atLoad))
        .anyMatch(member -> member.contains(" reqtrace$record"));
  }

  @Test
  void aClassOfAModuleThatCannotReadTheSlotGetsNone() throws Exception {
    AdviceTransformer transformer =
        new AdviceTransformer(List.of(new JdbcInstrumentation()), recording());
    byte[] original = TestClassFiles.of(StatementFixture.class);
    // An explicit named module (java.base stands in for one) reads no unnamed module.
    Module named = Object.class.getModule();

    assertThat(StatementSlotMembers.visibleTo(named)).isFalse();
    assertThat(StatementSlotMembers.visibleTo(getClass().getModule())).isTrue();
    assertThat(members(transformer.transform(named, loader, "example/advised/StatementFixture",
        null, null, original))).isEqualTo(members(original));
  }

  @Test
  void classesNoRuleMatchesAreLeftAlone() throws IOException {
    AdviceTransformer transformer = new AdviceTransformer(List.of(runnables()), recording());

    assertThat(transformer.transform(loader, "example/advised/Greeter$Bystander", null, null,
        TestClassFiles.of(Greeter.Bystander.class))).isNull();
    assertThat(events).isEmpty();
  }

  @Test
  void aBrokenClassFileIsReportedNeverThrown() {
    AdviceTransformer transformer = new AdviceTransformer(List.of(runnables()), recording());

    assertThat(transformer.transform(loader, "example/advised/Broken", null, null,
        new byte[] {1, 2, 3})).isNull();
    assertThat(events).hasSize(1).allMatch(e -> e.startsWith("failed example.advised.Broken"));
  }

  @Test
  void aClassLoadedDuringATransformationIsNotTransformedByIt() throws IOException {
    byte[] greeter = TestClassFiles.of(Greeter.class);
    List<byte[]> nested = new ArrayList<>();
    AdviceTransformer[] transformer = new AdviceTransformer[1];
    transformer[0] = new AdviceTransformer(List.of(runnables()), new AdviceTransformer.Listener() {
      @Override
      public void transformed(String typeName) {
        // Still inside the transformation, as a class loaded by it would be.
        nested.add(transformer[0].transform(loader, "example/advised/Greeter", null, null, greeter));
      }

      @Override
      public void failed(String typeName, Throwable error) {}
    });

    assertThat(transformer[0].transform(loader, "example/advised/Greeter", null, null, greeter))
        .isNotNull();
    assertThat(nested).containsExactly((byte[]) null);
  }

  @Test
  void ignoredLibrariesAndClassLoadersWithoutTheGuardClassAreLeftAlone() throws IOException {
    AdviceTransformer transformer = new AdviceTransformer(List.of(runnables()), recording());
    byte[] greeter = TestClassFiles.of(Greeter.class);

    assertThat(transformer.transform(loader, "ch/qos/logback/Greeter", null, null, greeter))
        .isNull();
    assertThat(transformer.transform(new ClassLoader(null) { }, "example/advised/Greeter", null,
        null, greeter)).isNull();
    assertThat(events).isEmpty();
  }

  /** Counts entries into the advised method. */
  public static final class CountingAdvice {
    public static int entries;

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter() {
      entries++;
    }
  }

  private static Descriptor runnables() {
    return new Descriptor() {
      @Override
      public String name() {
        return "runnables";
      }

      @Override
      public String guardClass() {
        return Greeter.class.getName();
      }

      @Override
      public List<String> typeRoots() {
        return List.of(Runnable.class.getName());
      }

      @Override
      public List<String> methodNames() {
        return List.of("run");
      }

      @Override
      public List<Target> targets() {
        return List.of(new Target(isSubTypeOf(Runnable.class), named("run"),
            CountingAdvice.class.getName()));
      }
    };
  }

  private AdviceTransformer.Listener recording() {
    return new AdviceTransformer.Listener() {
      @Override
      public void transformed(String typeName) {
        events.add("transformed " + typeName);
      }

      @Override
      public void failed(String typeName, Throwable error) {
        events.add("failed " + typeName + ": " + error);
      }
    };
  }

  /** Field and method names and descriptors, in order. */
  private static List<String> members(byte[] classFile) {
    List<String> members = new ArrayList<>();
    new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
      @Override
      public FieldVisitor visitField(int access, String name, String descriptor, String signature,
          Object value) {
        members.add("field " + access + " " + name + descriptor);
        return null;
      }

      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor,
          String signature, String[] exceptions) {
        members.add("method " + access + " " + name + descriptor);
        return null;
      }
    }, ClassReader.SKIP_CODE);
    return members;
  }

  /** Defines one class from given bytes, everything else from its parent. */
  private static final class Isolated extends ClassLoader {
    private final String name;
    private final byte[] bytes;

    Isolated(ClassLoader parent, String name, byte[] bytes) {
      super(parent);
      this.name = name;
      this.bytes = bytes;
    }

    @Override
    protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
      if (className.equals(name)) {
        synchronized (getClassLoadingLock(className)) {
          Class<?> loaded = findLoadedClass(className);
          return loaded != null ? loaded : defineClass(className, bytes, 0, bytes.length);
        }
      }
      return super.loadClass(className, resolve);
    }
  }
}
