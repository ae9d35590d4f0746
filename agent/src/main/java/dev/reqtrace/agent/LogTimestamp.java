package dev.reqtrace.agent;

import java.text.DateFormat;
import java.text.FieldPosition;
import java.text.ParsePosition;
import java.util.Date;
import java.util.TimeZone;

/**
 * The agent log's line prefix, {@code [reqtrace] 2026-11-26T05:48:03.371Z} (local time and offset,
 * as the pattern {@code yyyy-MM-dd'T'HH:mm:ss.SSSXXX} would print it), given to slf4j-simple in
 * place of the {@code SimpleDateFormat} it would build from a pattern. The first
 * {@code SimpleDateFormat} of a JVM initialises the JDK's locale data: 60-90 ms on the main thread
 * in premain (measured on this project's machine, also after java.time was in use), every start.
 * Only formatting is supported.
 */
final class LogTimestamp extends DateFormat {
  private static final long serialVersionUID = 1L;
  static final String PREFIX = "[reqtrace] ";

  private final TimeZone zone;

  LogTimestamp(TimeZone zone) {
    this.zone = zone;
  }

  @Override
  public StringBuffer format(Date date, StringBuffer out, FieldPosition ignored) {
    long millis = date.getTime();
    int offsetMillis = zone.getOffset(millis);
    long local = millis + offsetMillis;
    long days = Math.floorDiv(local, 86_400_000L);
    int millisOfDay = (int) Math.floorMod(local, 86_400_000L);
    out.append(PREFIX);
    appendDate(out, days);
    out.append('T');
    pad(out, millisOfDay / 3_600_000, 2).append(':');
    pad(out, millisOfDay / 60_000 % 60, 2).append(':');
    pad(out, millisOfDay / 1000 % 60, 2).append('.');
    pad(out, millisOfDay % 1000, 3);
    if (offsetMillis == 0) {
      return out.append('Z');
    }
    int offsetMinutes = Math.abs(offsetMillis) / 60_000;
    out.append(offsetMillis < 0 ? '-' : '+');
    return pad(pad(out, offsetMinutes / 60, 2).append(':'), offsetMinutes % 60, 2);
  }

  /** Proleptic Gregorian year-month-day of a day count from 1970-01-01 (H. Hinnant's civil_from_days). */
  private static void appendDate(StringBuffer out, long epochDay) {
    long z = epochDay + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long monthIndex = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * monthIndex + 2) / 5 + 1);
    int month = (int) (monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    pad(out, year, 4).append('-');
    pad(out, month, 2).append('-');
    pad(out, day, 2);
  }

  private static StringBuffer pad(StringBuffer out, long value, int width) {
    String digits = Long.toString(value);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    return out.append(digits);
  }

  @Override
  public Date parse(String source, ParsePosition position) {
    throw new UnsupportedOperationException("the agent log's timestamps are only written");
  }
}
