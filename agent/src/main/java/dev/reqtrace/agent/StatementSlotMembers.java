package dev.reqtrace.agent;

import dev.reqtrace.bootstrap.StatementSlot;
import java.util.Arrays;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.field.FieldList;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.pool.TypePool;

/**
 * Makes a JDBC statement class carry its own record: implements
 * {@code dev.reqtrace.bootstrap.StatementSlot} with a private field and its getter and setter.
 * Only for a class being loaded, or one that got them when it loaded (retransformation must add
 * the same members again, and can add no others): a lookup in the statement itself instead of a
 * weak identity map put on every prepare and a remove on every close.
 */
final class StatementSlotMembers extends AsmVisitorWrapper.AbstractBase {
  static final StatementSlotMembers INSTANCE = new StatementSlotMembers();
  /** Internal name; the boot loader defines it, so every statement class's loader sees it. */
  private static final String SLOT = "dev/reqtrace/bootstrap/StatementSlot";
  private static final String RECORD = "Ldev/reqtrace/bootstrap/StatementRecord;";
  private static final String FIELD = "reqtrace$record";

  private StatementSlotMembers() {}

  /** Whether {@code loaded} got the slot itself when it loaded (inherited ones do not count). */
  static boolean declaredBy(Class<?> loaded) {
    for (Class<?> type : loaded.getInterfaces()) {
      if (type == StatementSlot.class) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a class of {@code module} may implement the slot: a class of a named module that does
   * not read the boot loader's unnamed module (an explicit module, not an automatic one) would fail
   * to load with it, so it keeps the weak map. {@code null}: the module is not known, the unnamed.
   */
  static boolean visibleTo(Module module) {
    return module == null || module.canRead(StatementSlot.class.getModule());
  }

  @Override
  public ClassVisitor wrap(TypeDescription type, ClassVisitor visitor,
      Implementation.Context context, TypePool pool,
      FieldList<FieldDescription.InDefinedShape> fields, MethodList<?> methods,
      int writerFlags, int readerFlags) {
    return new Members(visitor);
  }

  private static final class Members extends ClassVisitor {
    private String owner;

    Members(ClassVisitor visitor) {
      super(Opcodes.ASM9, visitor);
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName,
        String[] interfaces) {
      owner = name;
      String[] declared = interfaces == null ? new String[0] : interfaces;
      String[] withSlot = Arrays.copyOf(declared, declared.length + 1);
      withSlot[declared.length] = SLOT;
      // A generic signature lists the interfaces too: a raw one added to it keeps it valid.
      super.visit(version, access, name, signature == null ? null : signature + "L" + SLOT + ";",
          superName, withSlot);
    }

    @Override
    public void visitEnd() {
      super.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_TRANSIENT | Opcodes.ACC_SYNTHETIC, FIELD,
          RECORD, null, null).visitEnd();
      MethodVisitor get = super.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC,
          "reqtrace$record", "()" + RECORD, null, null);
      get.visitCode();
      get.visitVarInsn(Opcodes.ALOAD, 0);
      get.visitFieldInsn(Opcodes.GETFIELD, owner, FIELD, RECORD);
      get.visitInsn(Opcodes.ARETURN);
      get.visitMaxs(1, 1);
      get.visitEnd();
      MethodVisitor set = super.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC,
          "reqtrace$setRecord", "(" + RECORD + ")V", null, null);
      set.visitCode();
      set.visitVarInsn(Opcodes.ALOAD, 0);
      set.visitVarInsn(Opcodes.ALOAD, 1);
      set.visitFieldInsn(Opcodes.PUTFIELD, owner, FIELD, RECORD);
      set.visitInsn(Opcodes.RETURN);
      set.visitMaxs(2, 2);
      set.visitEnd();
      super.visitEnd();
    }
  }
}
