package dev.reqtrace.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

class ClassFileScanTest {
  private static final List<String> NAMES = List.of("close", "execute", "service", "run",
      "doFilter", "startAsync");
  private static final byte[][] NAME_BYTES = NAMES.stream()
      .map(n -> n.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

  /** Every class of java.base and java.sql (Long and Double constants, records, modules, ...). */
  @Test
  void answersAsAsmDoesForEveryClassOfTheJdksBaseModules() throws IOException {
    FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
    List<Path> classes = new ArrayList<>();
    for (String module : List.of("java.base", "java.sql")) {
      try (Stream<Path> files = Files.walk(jrt.getPath("/modules", module))) {
        files.filter(p -> p.toString().endsWith(".class")).forEach(classes::add);
      }
    }
    assertThat(classes).hasSizeGreaterThan(3000);
    int mentioning = 0;
    int declaring = 0;
    for (Path path : classes) {
      byte[] classFile = Files.readAllBytes(path);
      ClassReader reader = new ClassReader(classFile);
      boolean mentions = mentionedByAsm(reader, classFile);
      boolean isInterface = (reader.getAccess() & Opcodes.ACC_INTERFACE) != 0;
      long declaredBits = isInterface ? 0 : declaredByAsm(reader);
      assertThat(ClassFileScan.declaredWithCode(classFile, NAME_BYTES))
          .as(path.toString()).isEqualTo(declaredBits);
      mentioning += mentions ? 1 : 0;
      declaring += declaredBits != 0 ? 1 : 0;
    }
    // Every way through was exercised on thousands of classes: no name at all, a name mentioned
    // but declared by no method with code (or only by an interface), names declared.
    assertThat(mentioning).isBetween(500, classes.size() - 500);
    assertThat(declaring).isBetween(200, mentioning - 200);
  }

  @Test
  void bytesItCannotWalkAreCandidates() {
    byte[] notAClass = "not a class file at all".getBytes(StandardCharsets.US_ASCII);
    assertThat(ClassFileScan.declaredWithCode(notAClass, NAME_BYTES))
        .isEqualTo(ClassFileScan.UNREADABLE);
    byte[] truncated = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 9, 1};
    assertThat(ClassFileScan.declaredWithCode(truncated, NAME_BYTES))
        .isEqualTo(ClassFileScan.UNREADABLE);
    byte[] unknownTag = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 2, 99};
    assertThat(ClassFileScan.declaredWithCode(unknownTag, NAME_BYTES))
        .isEqualTo(ClassFileScan.UNREADABLE);
  }

  /** A pool may hold a string twice (javac never writes one so, other generators may). */
  @Test
  void aNameWhoseStringIsHeldTwiceCountsAsDeclared() throws IOException {
    long close = 1L << NAMES.indexOf("close");
    byte[] closer = TestClassFiles.of(Closer.class);
    assertThat(ClassFileScan.declaredWithCode(closer, NAME_BYTES)).isEqualTo(close);
    // A second "close" string appended: the method still names the first, which must count.
    assertThat(ClassFileScan.declaredWithCode(withStrings(closer, "close"), NAME_BYTES))
        .isEqualTo(close);
    // Which copy a method names is not looked at once the pool holds two: a candidate either way.
    byte[] plain = TestClassFiles.of(Plain.class);
    assertThat(ClassFileScan.declaredWithCode(withStrings(plain, "close"), NAME_BYTES)).isZero();
    assertThat(ClassFileScan.declaredWithCode(withStrings(plain, "close", "close"), NAME_BYTES))
        .isEqualTo(close);
  }

  /** The class file with Utf8 entries appended to its constant pool (no other entry moves). */
  private static byte[] withStrings(byte[] classFile, String... strings) {
    int end = new ClassReader(classFile).header;
    int count = ((classFile[8] & 0xFF) << 8) | (classFile[9] & 0xFF);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(classFile, 0, 8);
    out.write((count + strings.length) >> 8);
    out.write(count + strings.length);
    out.write(classFile, 10, end - 10);
    for (String string : strings) {
      byte[] bytes = string.getBytes(StandardCharsets.US_ASCII);
      out.write(1);
      out.write(bytes.length >> 8);
      out.write(bytes.length);
      out.write(bytes, 0, bytes.length);
    }
    out.write(classFile, end, classFile.length - end);
    byte[] result = out.toByteArray();
    assertThat(new ClassReader(result).getItemCount()).isEqualTo(count + strings.length);
    return result;
  }

  /** Declares close() with code. */
  static class Closer {
    public void close() {}
  }

  /** Declares none of NAMES. */
  static class Plain {
    public void open() {}
  }

  /** ASM's offsets of the constant pool's entries, the strings decoded. */
  private static boolean mentionedByAsm(ClassReader reader, byte[] classFile) {
    for (int item = 1; item < reader.getItemCount(); item++) {
      int offset = reader.getItem(item); // just past the tag; 0 for a long's second slot
      if (offset > 0 && classFile[offset - 1] == 1) {
        int length = reader.readUnsignedShort(offset);
        if (NAMES.contains(new String(classFile, offset + 2, length, StandardCharsets.UTF_8))) {
          return true;
        }
      }
    }
    return false;
  }

  /** The bit of each of NAMES declared with code, by ASM's visitor. */
  private static long declaredByAsm(ClassReader reader) {
    long[] found = {0};
    reader.accept(new ClassVisitor(Opcodes.ASM9) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor,
          String signature, String[] exceptions) {
        if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0 && NAMES.contains(name)) {
          found[0] |= 1L << NAMES.indexOf(name);
        }
        return null;
      }
    }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return found[0];
  }
}
