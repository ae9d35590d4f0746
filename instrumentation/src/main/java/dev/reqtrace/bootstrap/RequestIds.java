package dev.reqtrace.bootstrap;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** Validation of inbound request IDs and generation of W3C trace and span IDs. */
public final class RequestIds {
  /** Longest inbound ID reused; longer ones are replaced (DESIGN.md, Request ID). */
  public static final int MAX_LENGTH = 128;

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final boolean[] ALLOWED = new boolean[128];
  /** Hex digits are written here and copied once into the ID string: no array per ID. */
  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[32]);

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      ALLOWED[c] = true;
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      ALLOWED[c] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      ALLOWED[c] = true;
    }
    for (char c : "_.~:@+/=-".toCharArray()) {
      ALLOWED[c] = true;
    }
  }

  private RequestIds() {}

  /**
   * Whether an inbound ID may be reused and echoed: 1–128 characters of {@code [A-Za-z0-9_.~:@+/=-]}.
   * Anything else (CR/LF, spaces, non-ASCII, empty, too long) could inject or corrupt a header.
   */
  public static boolean isValid(String id) {
    if (id == null) {
      return false;
    }
    int length = id.length();
    if (length == 0 || length > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = id.charAt(i);
      if (c >= 128 || !ALLOWED[c]) {
        return false;
      }
    }
    return true;
  }

  /** A random, non-zero 128-bit trace ID as 32 lowercase hex digits. */
  public static String newTraceId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high;
    long low;
    do {
      high = random.nextLong();
      low = random.nextLong();
    } while (high == 0 && low == 0);
    byte[] out = SCRATCH.get();
    writeHex(high, out, 0);
    writeHex(low, out, 16);
    return new String(out, 0, 32, StandardCharsets.ISO_8859_1);
  }

  /** A random, non-zero 64-bit span ID as 16 lowercase hex digits. */
  public static String newSpanId() {
    return spanIdText(newSpanIdBits());
  }

  /** A random, non-zero 64-bit span ID. */
  static long newSpanIdBits() {
    long id;
    do {
      id = ThreadLocalRandom.current().nextLong();
    } while (id == 0);
    return id;
  }

  /** A span ID as 16 lowercase hex digits. */
  static String spanIdText(long id) {
    byte[] out = SCRATCH.get();
    writeHex(id, out, 0);
    return new String(out, 0, 16, StandardCharsets.ISO_8859_1);
  }

  /**
   * The trace ID of a W3C {@code traceparent} header ({@code 00-<32 hex>-<16 hex>-<2 hex>}), or
   * {@code null} when the header is absent or malformed, or its trace or parent ID is all zeros.
   */
  public static String traceIdOf(String traceparent) {
    if (!isTraceparent(traceparent)) {
      return null;
    }
    return traceparent.substring(3, 35);
  }

  /** The parent span ID of a valid {@code traceparent}, or {@code null}. */
  public static String parentSpanIdOf(String traceparent) {
    if (!isTraceparent(traceparent)) {
      return null;
    }
    return traceparent.substring(36, 52);
  }

  private static boolean isTraceparent(String value) {
    // Version 00 is exactly 55 characters; later versions may append fields after the flags.
    if (value == null || value.length() < 55 || value.charAt(2) != '-' || value.charAt(35) != '-'
        || value.charAt(52) != '-' || (value.length() > 55 && value.charAt(55) != '-')) {
      return false;
    }
    if (value.startsWith("ff") || !isLowerHex(value, 0, 2) || !isLowerHex(value, 53, 55)) {
      return false;
    }
    if (value.startsWith("00") && value.length() != 55) {
      return false;
    }
    return isLowerHex(value, 3, 35) && isLowerHex(value, 36, 52)
        && !isZeros(value, 3, 35) && !isZeros(value, 36, 52);
  }

  private static boolean isLowerHex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isZeros(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }

  // Bytes, not chars: half the temporary array, and Latin-1 strings are built from them directly.
  private static void writeHex(long value, byte[] out, int offset) {
    for (int i = 15; i >= 0; i--) {
      out[offset + i] = HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
  }
}
