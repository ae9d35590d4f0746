package dev.reqtrace.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Random;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** The agent log's timestamps read exactly as {@code yyyy-MM-dd'T'HH:mm:ss.SSSXXX} would print them. */
class LogTimestampTest {
  private static final DateTimeFormatter PATTERN = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

  @Test
  void matchesTheIsoPatternInZonesWithOddOffsetsAndSummerTime() {
    Random random = new Random(20261126);
    for (String zone : new String[] {"UTC", "Europe/Berlin", "America/St_Johns", "Asia/Kathmandu",
        "Pacific/Kiritimati", "America/Los_Angeles", "Australia/Lord_Howe"}) {
      LogTimestamp timestamp = new LogTimestamp(TimeZone.getTimeZone(zone));
      for (int i = 0; i < 20_000; i++) {
        // 1970 to 2199, plus the instants around midnight, leap days and year ends.
        long millis = i % 4 == 0 ? Math.floorMod(random.nextLong(), 7_258_118_400_000L)
            : Instant.parse("2024-02-29T23:59:59.999Z").toEpochMilli() + random.nextInt(400_000_000) * 1000L
                - 200_000_000_000L + random.nextInt(1000);
        String expected = PATTERN.format(Instant.ofEpochMilli(millis).atZone(ZoneId.of(zone)));
        assertThat(timestamp.format(new Date(millis))).as("%s in %s", millis, zone)
            .isEqualTo(LogTimestamp.PREFIX + expected);
      }
    }
  }
}
