package dev.reqtrace.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Random hostile names and tags never give an extra line, an extra tag or a broken line: every
 * output matches a strict per-flavor grammar with exactly the number of tags put in.
 */
class SanitizationFuzzTest {
  private static final int ROUNDS = 5_000;
  private static final String NAME = "[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)*";
  private static final String VALUE = "(-?[0-9]+(?:\\.[0-9]+)?)";
  private static final String TYPE = "\\|(c|ms|g|s|h|d)(?:\\|@(0\\.[0-9]+))?";
  private static final Pattern DOGSTATSD = Pattern.compile("(" + NAME + "):" + VALUE + TYPE
      + "(?:\\|#((?:[A-Za-z0-9_./-]+:[A-Za-z0-9_./:{}@+=~-]+)"
      + "(?:,[A-Za-z0-9_./-]+:[A-Za-z0-9_./:{}@+=~-]+)*))?");
  private static final Pattern TELEGRAF = Pattern.compile("(" + NAME + ")"
      + "((?:,[A-Za-z0-9_./-]+=[A-Za-z0-9_./{}@+~-]+)*):" + VALUE + TYPE);
  private static final Pattern ETSY = Pattern.compile("(" + NAME + "):" + VALUE + TYPE);
  /** Separators of every flavor, whitespace, controls, non-ASCII, a surrogate pair. */
  private static final String HOSTILE = "|:,#=@. \n\r\t\0\u000b\u001f\u007f{}/\\\"'é€\u2028😀";
  private static final MetricType[] TYPES = MetricType.values();

  private final Random random = new Random(20240611L);

  @Test
  void dogstatsdLinesStayWellFormed() {
    for (int i = 0; i < ROUNDS; i++) {
      String[] tags = randomTags();
      String line = encodeRandom(StatsdFormat.DOGSTATSD, tags);
      Matcher m = DOGSTATSD.matcher(line);
      assertThat(m.matches()).as("%s from %s", line, String.join("|", tags)).isTrue();
      int found = m.group(5) == null ? 0 : m.group(5).split(",", -1).length;
      assertThat(found).as(line).isEqualTo(tags.length / 2 + 1);
    }
  }

  @Test
  void telegrafLinesStayWellFormed() {
    for (int i = 0; i < ROUNDS; i++) {
      String[] tags = randomTags();
      String line = encodeRandom(StatsdFormat.TELEGRAF, tags);
      Matcher m = TELEGRAF.matcher(line);
      assertThat(m.matches()).as("%s from %s", line, String.join("|", tags)).isTrue();
      assertThat(m.group(2).split(",", -1).length - 1).as(line).isEqualTo(tags.length / 2 + 1);
    }
  }

  @Test
  void etsyLinesStayWellFormedWithOneSegmentPerTag() {
    for (int i = 0; i < ROUNDS; i++) {
      String[] tags = randomTags();
      String line = encodeRandom(StatsdFormat.ETSY, tags);
      Matcher m = ETSY.matcher(line);
      assertThat(m.matches()).as("%s from %s", line, String.join("|", tags)).isTrue();
      // "env" global value + name "http_request.x" (2 segments) + one segment per tag.
      assertThat(m.group(1).split("\\.", -1)).as(line).hasSize(1 + 2 + tags.length / 2);
    }
  }

  private String encodeRandom(StatsdFormat format, String[] tags) {
    MetricType type = TYPES[random.nextInt(TYPES.length)];
    double rate = random.nextBoolean() ? 1.0 : 0.001 + random.nextInt(999) / 1000.0;
    // The meter name is ours, but hostile bits in it must not break a line either.
    LineTemplate template = Lines.template(format, type, "", "http_request.x"
        + randomString().replace(".", ""), rate, tags, "env", randomString());
    return random.nextBoolean()
        ? Lines.encode(template, random.nextLong())
        : Lines.encode(template, random.nextDouble() * 1000);
  }

  private String[] randomTags() {
    String[] tags = new String[2 * random.nextInt(5)];
    for (int i = 0; i < tags.length; i++) {
      tags[i] = random.nextInt(20) == 0 ? null : randomString();
    }
    return tags;
  }

  private String randomString() {
    int length = random.nextInt(12);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(4)) {
        case 0:
          s.append(HOSTILE.charAt(random.nextInt(HOSTILE.length())));
          break;
        case 1:
          s.appendCodePoint(random.nextInt(0x30000)); // any plane-0..2 code point, lone
          break;                                      // surrogates included
        default:
          s.append((char) (' ' + random.nextInt(95)));
      }
    }
    return s.toString();
  }
}
