package dev.reqtrace.agent;

import java.util.Arrays;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The two questions {@link SuperTypeFilter} asks of every class file being loaded, answered from
 * the bytes without ASM's general reader: whether a name occurs among its constant pool's strings,
 * and whether it declares a method of a name with code. ASM's {@code ClassReader} constructor (an
 * offset table and a string cache per class) and its visitor walk, run for each of the thousands of
 * classes an application loads, became hot enough for C2 to compile them during start-up: on the
 * demo ~160 ms of C2 time for {@code ClassReader.<init>} and {@code readMethod} alone
 * ({@code -XX:+LogCompilation}). Both answers err towards "yes" on anything unexpected: the class
 * then goes on to the full check.
 */
final class ClassFileScan {
  private static final int MAGIC = 0xCAFEBABE;

  private ClassFileScan() {}

  /**
   * Whether one of {@code names} (modified UTF-8, i.e. ASCII identifiers) is a string of the
   * class's constant pool; {@code true} for bytes that are not a class file this can walk.
   */
  static boolean mentionsAny(byte[] classFile, byte[][] names) {
    try {
      if (readInt(classFile, 0) != MAGIC) {
        return true;
      }
      int count = readUnsignedShort(classFile, 8);
      int offset = 10;
      for (int item = 1; item < count; item++) {
        int tag = classFile[offset];
        switch (tag) {
          case 1: // Utf8
            int length = readUnsignedShort(classFile, offset + 1);
            if (isOneOf(classFile, offset + 3, length, names)) {
              return true;
            }
            offset += 3 + length;
            break;
          case 7: case 8: case 16: case 19: case 20: // Class, String, MethodType, Module, Package
            offset += 3;
            break;
          case 15: // MethodHandle
            offset += 4;
            break;
          case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
            offset += 5; // Integer, Float, the member refs, NameAndType, (Invoke)Dynamic
            break;
          case 5: case 6: // Long, Double: two slots
            offset += 9;
            item++;
            break;
          default:
            return true; // a newer class file format than this walk knows
        }
      }
      return false;
    } catch (IndexOutOfBoundsException e) {
      return true;
    }
  }

  /**
   * Which of {@code names} (at most 64) the class declares a method of that has code (neither
   * abstract nor native), as a bit set by index: the fields and methods tables walked from
   * {@code header}'s offsets. Every bit for a class file it cannot walk.
   */
  static long declaredWithCode(ClassReader header, byte[] classFile, byte[][] names) {
    try {
      int offset = header.header + 6; // access_flags, this_class, super_class
      offset += 2 + 2 * header.readUnsignedShort(offset); // interfaces
      offset = skipMembers(header, offset); // fields
      int methods = header.readUnsignedShort(offset);
      offset += 2;
      long declared = 0;
      for (int i = 0; i < methods; i++) {
        int access = header.readUnsignedShort(offset);
        if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0) {
          int nameEntry = header.getItem(header.readUnsignedShort(offset + 2));
          int index = indexOf(classFile, nameEntry + 2, header.readUnsignedShort(nameEntry), names);
          if (index >= 0) {
            declared |= 1L << index;
          }
        }
        offset = skipAttributes(header, offset + 6);
      }
      return declared;
    } catch (IndexOutOfBoundsException e) {
      return -1L;
    }
  }

  private static int skipMembers(ClassReader header, int offset) {
    int members = header.readUnsignedShort(offset);
    offset += 2;
    for (int i = 0; i < members; i++) {
      offset = skipAttributes(header, offset + 6); // access_flags, name, descriptor
    }
    return offset;
  }

  private static int skipAttributes(ClassReader header, int offset) {
    int attributes = header.readUnsignedShort(offset);
    offset += 2;
    for (int i = 0; i < attributes; i++) {
      offset += 6 + header.readInt(offset + 2);
    }
    return offset;
  }

  private static boolean isOneOf(byte[] classFile, int start, int length, byte[][] names) {
    return indexOf(classFile, start, length, names) >= 0;
  }

  private static int indexOf(byte[] classFile, int start, int length, byte[][] names) {
    for (int i = 0; i < names.length; i++) {
      byte[] name = names[i];
      if (name.length == length
          && Arrays.equals(classFile, start, start + length, name, 0, length)) {
        return i;
      }
    }
    return -1;
  }

  private static int readUnsignedShort(byte[] b, int offset) {
    return ((b[offset] & 0xFF) << 8) | (b[offset + 1] & 0xFF);
  }

  private static int readInt(byte[] b, int offset) {
    return ((b[offset] & 0xFF) << 24) | ((b[offset + 1] & 0xFF) << 16)
        | ((b[offset + 2] & 0xFF) << 8) | (b[offset + 3] & 0xFF);
  }
}
