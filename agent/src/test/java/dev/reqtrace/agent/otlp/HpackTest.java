package dev.reqtrace.agent.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HPACK against the examples of RFC 7541 Appendix C. */
class HpackTest {
  @Test
  void huffmanLengthsFormACompleteCode() {
    // Kraft equality: a wrong length anywhere breaks it (or the canonical codes).
    BigInteger sum = BigInteger.ZERO;
    for (byte length : Hpack.HUFFMAN_LENGTHS) {
      sum = sum.add(BigInteger.ONE.shiftLeft(30 - length));
    }
    assertThat(Hpack.HUFFMAN_LENGTHS).hasSize(257);
    assertThat(sum).isEqualTo(BigInteger.ONE.shiftLeft(30));
    assertThat(Hpack.HUFFMAN.codes[256]).isEqualTo(0x3fffffff); // EOS
    assertThat(Hpack.HUFFMAN.codes['0']).isZero();
    assertThat(Hpack.HUFFMAN.codes[' ']).isEqualTo(0x14);
  }

  @Test
  void decodesTheRfcHuffmanStrings() throws IOException {
    assertThat(huffman("f1e3c2e5f23a6ba0ab90f4ff")).isEqualTo("www.example.com");
    assertThat(huffman("a8eb10649cbf")).isEqualTo("no-cache");
    assertThat(huffman("25a849e95ba97d7f")).isEqualTo("custom-key");
    assertThat(huffman("25a849e95bb8e8b4bf")).isEqualTo("custom-value");
    assertThat(huffman("6402")).isEqualTo("302");
    assertThat(huffman("aec3771a4b")).isEqualTo("private");
    assertThat(huffman("d07abe941054d444a8200595040b8166e082a62d1bff"))
        .isEqualTo("Mon, 21 Oct 2013 20:13:21 GMT");
    assertThat(huffman("9d29ad171863c78f0b97c8e9ae82ae43d3")).isEqualTo("https://www.example.com");
  }

  @Test
  void rejectsPaddingThatIsNotAnEosPrefix() {
    assertThatThrownBy(() -> huffman("f1e3c2e5f23a6ba0ab90f4fe")).isInstanceOf(IOException.class);
  }

  @Test
  void decodesRequestsSharingTheDynamicTable() throws IOException {
    Hpack.Decoder decoder = new Hpack.Decoder(4096);
    assertThat(headers(decoder.decode(bytes("828684418cf1e3c2e5f23a6ba0ab90f4ff"))))
        .containsExactly(":method=GET", ":scheme=http", ":path=/", ":authority=www.example.com");
    assertThat(headers(decoder.decode(bytes("828684be5886a8eb10649cbf"))))
        .containsExactly(":method=GET", ":scheme=http", ":path=/", ":authority=www.example.com",
            "cache-control=no-cache");
    assertThat(decoder.tableEntries()).isEqualTo(2);
  }

  @Test
  void encodedLiteralsDecodeBack() throws IOException {
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    Hpack.writeIndexed(block, 3);
    Hpack.writeLiteral(block, 4, "/opentelemetry.proto.collector.trace.v1.TraceService/Export");
    Hpack.writeLiteral(block, 31, "application/grpc");
    Hpack.writeLiteral(block, "x-api-key", "k".repeat(300)); // a length past the 7-bit prefix
    assertThat(headers(new Hpack.Decoder(4096).decode(block.toByteArray()))).containsExactly(
        ":method=POST", ":path=/opentelemetry.proto.collector.trace.v1.TraceService/Export",
        "content-type=application/grpc", "x-api-key=" + "k".repeat(300));
  }

  private static String huffman(String hex) throws IOException {
    return Hpack.HUFFMAN.decode(bytes(hex));
  }

  private static List<String> headers(List<String[]> headers) {
    return headers.stream().map(h -> h[0] + "=" + h[1]).collect(java.util.stream.Collectors.toList());
  }

  private static byte[] bytes(String hex) {
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }
}
