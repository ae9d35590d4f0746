package dev.reqtrace.agent.otlp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * HPACK (RFC 7541), the part a gRPC client needs: an encoder that writes every header as a literal
 * without indexing (no dynamic table state to get wrong), and a full decoder (static and dynamic
 * table, Huffman strings), because servers compress their responses.
 */
final class Hpack {
  /** RFC 7541 Appendix A, index 1..61. */
  static final String[][] STATIC = {
    {":authority", ""}, {":method", "GET"}, {":method", "POST"}, {":path", "/"},
    {":path", "/index.html"}, {":scheme", "http"}, {":scheme", "https"}, {":status", "200"},
    {":status", "204"}, {":status", "206"}, {":status", "304"}, {":status", "400"},
    {":status", "404"}, {":status", "500"}, {"accept-charset", ""},
    {"accept-encoding", "gzip, deflate"}, {"accept-language", ""}, {"accept-ranges", ""},
    {"accept", ""}, {"access-control-allow-origin", ""}, {"age", ""}, {"allow", ""},
    {"authorization", ""}, {"cache-control", ""}, {"content-disposition", ""},
    {"content-encoding", ""}, {"content-language", ""}, {"content-length", ""},
    {"content-location", ""}, {"content-range", ""}, {"content-type", ""}, {"cookie", ""},
    {"date", ""}, {"etag", ""}, {"expect", ""}, {"expires", ""}, {"from", ""}, {"host", ""},
    {"if-match", ""}, {"if-modified-since", ""}, {"if-none-match", ""}, {"if-range", ""},
    {"if-unmodified-since", ""}, {"last-modified", ""}, {"link", ""}, {"location", ""},
    {"max-forwards", ""}, {"proxy-authenticate", ""}, {"proxy-authorization", ""},
    {"range", ""}, {"referer", ""}, {"refresh", ""}, {"retry-after", ""}, {"server", ""},
    {"set-cookie", ""}, {"strict-transport-security", ""}, {"transfer-encoding", ""},
    {"user-agent", ""}, {"vary", ""}, {"via", ""}, {"www-authenticate", ""},
  };

  /**
   * Code lengths of the Huffman code, symbols 0..256 (256 = EOS), RFC 7541 Appendix B. The code is
   * canonical, so the codes themselves follow from the lengths (see {@link #HUFFMAN}); a unit test
   * checks the Kraft sum and the RFC's examples.
   */
  static final byte[] HUFFMAN_LENGTHS = {
    13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28,
    28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28, 6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8,
    11, 8, 6, 6, 6, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10, 13, 6, 7, 7, 7,
    7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14,
    6, 15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, 6, 7, 6, 5, 5, 6, 7, 7, 7, 7,
    7, 15, 11, 14, 13, 28, 20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24,
    23, 24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24, 22, 21, 20, 22,
    22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, 21, 21, 22, 21, 23, 22, 23, 23, 20,
    22, 22, 22, 23, 22, 22, 23, 26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26,
    24, 25, 19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27, 20, 24, 20,
    21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, 26, 27, 26, 26, 27, 27, 27, 27,
    27, 28, 27, 27, 27, 27, 27, 26, 30,
  };

  static final Canonical HUFFMAN = new Canonical(HUFFMAN_LENGTHS);

  private Hpack() {}

  /** Appends {@code name: value} as a literal without indexing, plain (non-Huffman) strings. */
  static void writeLiteral(ByteArrayOutputStream out, String name, String value) {
    out.write(0);
    writeString(out, name);
    writeString(out, value);
  }

  /** Appends a literal without indexing whose name is static-table entry {@code index}. */
  static void writeLiteral(ByteArrayOutputStream out, int index, String value) {
    writeInt(out, 0x00, 4, index);
    writeString(out, value);
  }

  /** Appends the indexed header field {@code index} of the static table. */
  static void writeIndexed(ByteArrayOutputStream out, int index) {
    writeInt(out, 0x80, 7, index);
  }

  private static void writeString(ByteArrayOutputStream out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    writeInt(out, 0x00, 7, bytes.length);
    out.write(bytes, 0, bytes.length);
  }

  static void writeInt(ByteArrayOutputStream out, int flags, int prefixBits, int value) {
    int max = (1 << prefixBits) - 1;
    if (value < max) {
      out.write(flags | value);
      return;
    }
    out.write(flags | max);
    value -= max;
    while (value >= 0x80) {
      out.write((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.write(value);
  }

  /** Decodes header blocks of one connection; holds its dynamic table. */
  static final class Decoder {
    private final Deque<String[]> dynamic = new ArrayDeque<>();
    private int size;
    private int maxSize;
    private final int limit;

    /** @param maxSize our SETTINGS_HEADER_TABLE_SIZE (4096 unless we announced otherwise) */
    Decoder(int maxSize) {
      this.maxSize = maxSize;
      this.limit = maxSize;
    }

    /** The headers of one complete block, in order, as {name, value} pairs. */
    List<String[]> decode(byte[] block) throws IOException {
      List<String[]> headers = new ArrayList<>();
      int[] pos = {0};
      while (pos[0] < block.length) {
        int b = block[pos[0]] & 0xff;
        if ((b & 0x80) != 0) {
          headers.add(entry(readInt(block, pos, 7)));
        } else if ((b & 0x40) != 0) {
          String[] header = literal(block, pos, 6);
          add(header);
          headers.add(header);
        } else if ((b & 0x20) != 0) {
          int newSize = readInt(block, pos, 5);
          if (newSize > limit) {
            throw new IOException("hpack: table size " + newSize + " over " + limit);
          }
          maxSize = newSize;
          evict();
        } else {
          headers.add(literal(block, pos, 4)); // without indexing / never indexed
        }
      }
      return headers;
    }

    private String[] literal(byte[] block, int[] pos, int prefixBits) throws IOException {
      int index = readInt(block, pos, prefixBits);
      String name = index == 0 ? readString(block, pos) : entry(index)[0];
      return new String[] {name, readString(block, pos)};
    }

    private String[] entry(int index) throws IOException {
      if (index >= 1 && index <= STATIC.length) {
        return STATIC[index - 1];
      }
      int dynamicIndex = index - STATIC.length - 1;
      if (index <= 0 || dynamicIndex >= dynamic.size()) {
        throw new IOException("hpack: bad index " + index);
      }
      int i = 0;
      for (String[] header : dynamic) {
        if (i++ == dynamicIndex) {
          return header;
        }
      }
      throw new IOException("hpack: bad index " + index);
    }

    private void add(String[] header) {
      int entrySize = 32 + header[0].length() + header[1].length();
      if (entrySize > maxSize) {
        dynamic.clear();
        size = 0;
        return;
      }
      dynamic.addFirst(header);
      size += entrySize;
      evict();
    }

    private void evict() {
      while (size > maxSize && !dynamic.isEmpty()) {
        String[] last = dynamic.removeLast();
        size -= 32 + last[0].length() + last[1].length();
      }
    }

    int tableEntries() {
      return dynamic.size();
    }
  }

  static int readInt(byte[] block, int[] pos, int prefixBits) throws IOException {
    int max = (1 << prefixBits) - 1;
    int value = block[pos[0]++] & max;
    if (value < max) {
      return value;
    }
    int shift = 0;
    while (true) {
      if (pos[0] >= block.length || shift > 28) {
        throw new IOException("hpack: bad integer");
      }
      int b = block[pos[0]++] & 0xff;
      value += (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
      shift += 7;
    }
  }

  static String readString(byte[] block, int[] pos) throws IOException {
    if (pos[0] >= block.length) {
      throw new IOException("hpack: truncated string");
    }
    boolean huffman = (block[pos[0]] & 0x80) != 0;
    int length = readInt(block, pos, 7);
    if (length < 0 || pos[0] + length > block.length) {
      throw new IOException("hpack: truncated string");
    }
    byte[] bytes = Arrays.copyOfRange(block, pos[0], pos[0] + length);
    pos[0] += length;
    return huffman ? HUFFMAN.decode(bytes) : new String(bytes, StandardCharsets.UTF_8);
  }

  /** The canonical Huffman code given by its lengths, decoded bit by bit. */
  static final class Canonical {
    final int[] codes;
    private final int[] firstCode = new int[32];
    private final int[] firstIndex = new int[32];
    private final int[] count = new int[32];
    private final int[] symbols;

    Canonical(byte[] lengths) {
      symbols = new int[lengths.length];
      for (byte length : lengths) {
        count[length]++;
      }
      int index = 0;
      for (int len = 1; len < 32; len++) {
        firstIndex[len] = index;
        for (int symbol = 0; symbol < lengths.length; symbol++) {
          if (lengths[symbol] == len) {
            symbols[index++] = symbol;
          }
        }
      }
      codes = new int[lengths.length];
      int code = 0;
      for (int len = 1; len < 32; len++) {
        firstCode[len] = code;
        for (int i = 0; i < count[len]; i++) {
          codes[symbols[firstIndex[len] + i]] = code + i;
        }
        code = (code + count[len]) << 1;
      }
    }

    String decode(byte[] bytes) throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 8 / 5 + 1);
      int code = 0;
      int len = 0;
      boolean allOnes = true;
      for (byte b : bytes) {
        for (int bit = 7; bit >= 0; bit--) {
          int value = (b >> bit) & 1;
          code = (code << 1) | value;
          len++;
          allOnes &= value == 1;
          int offset = code - firstCode[len];
          if (count[len] > 0 && offset >= 0 && offset < count[len]) {
            int symbol = symbols[firstIndex[len] + offset];
            if (symbol == 256) {
              throw new IOException("hpack: EOS in string");
            }
            out.write(symbol);
            code = 0;
            len = 0;
            allOnes = true;
          } else if (len >= 30) {
            throw new IOException("hpack: bad Huffman code");
          }
        }
      }
      if (len > 7 || !allOnes) {
        throw new IOException("hpack: bad Huffman padding");
      }
      return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }
  }
}
