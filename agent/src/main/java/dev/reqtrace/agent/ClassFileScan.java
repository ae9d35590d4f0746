package dev.reqtrace.agent;

import java.util.Arrays;

/**
 * The question {@link SuperTypeFilter} asks of every class file being loaded, answered from the
 * bytes in one walk without ASM: which of the advised method names the class declares a method of
 * with code. ASM's {@code ClassReader} constructor (an offset table and a string cache per class)
 * and its visitor walk, run for each of the thousands of classes an application loads, became hot
 * enough for C2 to compile them during start-up: on the demo ~160 ms of C2 time for
 * {@code ClassReader.<init>} and {@code readMethod} alone ({@code -XX:+LogCompilation}); and on a
 * Spring Boot application about one class in twelve mentions {@code close}, {@code start} or
 * {@code invoke}, for which the constructor still ran (51–183 ms of C2 time for it in four JFR
 * recordings of that start-up). The answer errs towards "every name" on anything unexpected: the
 * class then goes on to the full check.
 */
final class ClassFileScan {
  private static final int MAGIC = 0xCAFEBABE;
  private static final int ACC_NATIVE = 0x0100;
  private static final int ACC_INTERFACE = 0x0200;
  private static final int ACC_ABSTRACT = 0x0400;
  /** Every name, for a class file this walk cannot read. */
  static final long UNREADABLE = -1L;

  private ClassFileScan() {}

  /**
   * Which of {@code names} (at most 64; modified UTF-8, i.e. ASCII identifiers) the class declares
   * a method of that has code (neither abstract nor native), as a bit set by index; none for an
   * interface, which is never a target. {@link #UNREADABLE} for bytes that are not a class file
   * this can walk.
   *
   * <p>The constant pool is walked once, noting the index of each string that is one of the names
   * (most classes hold none, and are answered then); then the fields are skipped and each method's
   * name index compared with the noted ones. javac writes each string once; a name whose string a
   * class file holds twice (other generators may) counts as declared, and the full check decides.
   */
  static long declaredWithCode(byte[] classFile, byte[][] names) {
    try {
      if (readInt(classFile, 0) != MAGIC) {
        return UNREADABLE;
      }
      int count = readUnsignedShort(classFile, 8);
      int offset = 10;
      int[] entryOfName = null; // by name's index: its constant pool index, 0 for none
      long heldTwice = 0; // names whose string the pool holds more than once
      for (int item = 1; item < count; item++) {
        int tag = classFile[offset];
        switch (tag) {
          case 1: // Utf8
            int length = readUnsignedShort(classFile, offset + 1);
            int name = indexOf(classFile, offset + 3, length, names);
            if (name >= 0) {
              if (entryOfName == null) {
                entryOfName = new int[names.length];
              }
              if (entryOfName[name] != 0) {
                heldTwice |= 1L << name;
              }
              entryOfName[name] = item;
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
            return UNREADABLE; // a newer class file format than this walk knows
        }
      }
      if (entryOfName == null
          || (readUnsignedShort(classFile, offset) & ACC_INTERFACE) != 0) {
        return 0;
      }
      offset += 6; // access_flags, this_class, super_class
      offset += 2 + 2 * readUnsignedShort(classFile, offset); // interfaces
      offset = skipMembers(classFile, offset); // fields
      int methods = readUnsignedShort(classFile, offset);
      offset += 2;
      // A method may name either copy of a string held twice: such a name counts as declared.
      long declared = heldTwice;
      for (int i = 0; i < methods; i++) {
        if ((readUnsignedShort(classFile, offset) & (ACC_ABSTRACT | ACC_NATIVE)) == 0) {
          int nameEntry = readUnsignedShort(classFile, offset + 2);
          for (int n = 0; n < entryOfName.length; n++) {
            if (entryOfName[n] == nameEntry) {
              declared |= 1L << n;
            }
          }
        }
        offset = skipAttributes(classFile, offset + 6);
      }
      return declared;
    } catch (IndexOutOfBoundsException e) {
      return UNREADABLE;
    }
  }

  private static int skipMembers(byte[] classFile, int offset) {
    int members = readUnsignedShort(classFile, offset);
    offset += 2;
    for (int i = 0; i < members; i++) {
      offset = skipAttributes(classFile, offset + 6); // access_flags, name, descriptor
    }
    return offset;
  }

  private static int skipAttributes(byte[] classFile, int offset) {
    int attributes = readUnsignedShort(classFile, offset);
    offset += 2;
    for (int i = 0; i < attributes; i++) {
      offset += 6 + readInt(classFile, offset + 2);
    }
    return offset;
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
