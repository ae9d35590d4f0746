package dev.reqtrace.agent.scrub;

/**
 * Finds payment card numbers in text: 13–19 digits, in groups separated by single spaces or dashes
 * (or, inside URLs, {@code +} and the encoded {@code %20}, {@code %2D}, {@code %2B}), passing the
 * Luhn check. A digit may be percent-encoded too ({@code %34} is {@code 4}): a URL path is shown as
 * sent, and a card hidden by its encoding is still a card. Runs of
 * groups are searched for a card made of whole groups, so {@code "order 12 4111 1111 1111 1111"}
 * still finds the card; one unbroken run of more than 19 digits is a number, not a card.
 *
 * <p>Every card in a run is masked whole: where cards overlap (in a run of short groups about one
 * window in ten passes Luhn by chance), their union becomes one replacement. Masking only the
 * leftmost, as greedy matching does, left the rest of an overlapping card in clear.
 *
 * <p>No issuer-prefix check: any Luhn-valid 13–19 digit number is masked, so about one in ten
 * unrelated long numbers (a 13-digit epoch-millisecond timestamp, say) is masked too. In a report
 * that is the cheap mistake to make.
 */
final class Cards {
  static final int MIN_DIGITS = 13;
  static final int MAX_DIGITS = 19;

  private Cards() {}

  /** {@code text} with every card number replaced by {@code replacement}; the same instance when none. */
  static String mask(String text, String replacement) {
    if (text == null || text.length() < MIN_DIGITS) {
      return text;
    }
    StringBuilder out = null;
    int copied = 0;
    GroupRun run = null;
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (digitLength(text, i) == 0) {
        // Past an encoded separator whole: the 2 of %20 must not start a run before the card.
        int sep = separatorLength(text, i);
        i += sep > 0 ? sep : 1;
        continue;
      }
      if (run == null) {
        run = new GroupRun(text);
      }
      run.reset(i);
      // The span being masked: card windows overlapping it (by a group) widen it.
      int spanStart = -1;
      int spanEnd = -1;
      int spanLastGroup = -1;
      for (int a = 0; run.has(a); a++) {
        int last = cardEndingGroup(text, run, a);
        if (last < 0) {
          continue;
        }
        if (spanStart >= 0 && a <= spanLastGroup) {
          if (last > spanLastGroup) {
            spanLastGroup = last;
            spanEnd = run.end(last);
          }
          continue;
        }
        if (spanStart >= 0) {
          out = append(out, n, text, copied, spanStart, replacement);
          copied = spanEnd;
        }
        spanStart = run.start(a);
        spanEnd = run.end(last);
        spanLastGroup = last;
      }
      if (spanStart >= 0) {
        out = append(out, n, text, copied, spanStart, replacement);
        copied = spanEnd;
      }
      i = run.end();
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, n).toString();
  }

  /** Whether {@code text} holds a card number anywhere. */
  static boolean contains(String text) {
    return text != null && mask(text, "") != text;
  }

  private static StringBuilder append(StringBuilder out, int capacity, String text, int from,
      int to, String replacement) {
    StringBuilder b = out == null ? new StringBuilder(capacity) : out;
    return b.append(text, from, to).append(replacement);
  }

  /**
   * The last group of the longest card that starts at group {@code first}, or -1. Longest first:
   * a 16-digit card followed by a lone digit must not be cut to 13 digits and leave three behind.
   * Reads at most 19 digits and 20 groups, so a run costs time linear in its length.
   */
  private static int cardEndingGroup(String text, GroupRun run, int first) {
    int digits = 0;
    int best = -1;
    // Luhn doubles every second digit counting from the last, whose position is not known
    // until the card ends: keep the sum for both parities of the first digit.
    int evenDoubled = 0;
    int oddDoubled = 0;
    for (int b = first; run.has(b); b++) {
      int end = run.end(b);
      for (int p = run.start(b); p < end && digits <= MAX_DIGITS; ) {
        int length = digitLength(text, p);
        int d = text.charAt(p + length - 1) - '0';
        p += length;
        int twice = d < 5 ? 2 * d : 2 * d - 9;
        if (digits % 2 == 0) {
          evenDoubled += twice;
          oddDoubled += d;
        } else {
          evenDoubled += d;
          oddDoubled += twice;
        }
        digits++;
      }
      if (digits > MAX_DIGITS) {
        break;
      }
      // With the last digit at an even offset, the doubled ones are at odd offsets.
      int sum = (digits - 1) % 2 == 0 ? oddDoubled : evenDoubled;
      if (digits >= MIN_DIGITS && sum % 10 == 0) {
        best = b;
      }
    }
    return best;
  }

  private static int separatorLength(String text, int at) {
    if (at >= text.length()) {
      return 0;
    }
    char c = text.charAt(at);
    if (c == ' ' || c == '-' || c == '+') {
      return 1;
    }
    if (c == '%' && at + 2 < text.length() && text.charAt(at + 1) == '2'
        && "0DdBb".indexOf(text.charAt(at + 2)) >= 0) {
      return 3;
    }
    return 0;
  }

  /** 1 for a digit at {@code at}, 3 for a percent-encoded one ({@code %30} to {@code %39}), else 0. */
  private static int digitLength(String text, int at) {
    char c = text.charAt(at);
    if (isDigit(c)) {
      return 1;
    }
    return c == '%' && at + 2 < text.length() && text.charAt(at + 1) == '3'
        && isDigit(text.charAt(at + 2)) ? 3 : 0;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * The digit groups of one run, read as they are asked for and kept in a ring: a card starting
   * at group {@code a} is decided by groups {@code a} to {@code a + 19}, so older groups are never
   * asked for again. A run of any number of groups (the old fixed array stopped at 64, and missed
   * cards after it) takes constant memory.
   */
  private static final class GroupRun {
    /** A power of two above the 20 groups looked at from one start. */
    private static final int RING = 32;

    private final String text;
    private final int[] starts = new int[RING];
    private final int[] ends = new int[RING];
    private int read;
    private int next;
    private boolean done;

    GroupRun(String text) {
      this.text = text;
    }

    /** Starts a run at {@code at}, a digit or an encoded one. */
    void reset(int at) {
      read = 0;
      next = at;
      done = false;
    }

    /** Whether the run has a group {@code g}, reading up to it. */
    boolean has(int g) {
      while (g >= read && !done) {
        readGroup();
      }
      return g < read;
    }

    int start(int g) {
      return starts[g & (RING - 1)];
    }

    int end(int g) {
      return ends[g & (RING - 1)];
    }

    /** Where the run ends; only once {@link #has} has returned false. */
    int end() {
      return end(read - 1);
    }

    private void readGroup() {
      int k = next;
      int n = text.length();
      while (k < n && digitLength(text, k) > 0) {
        k += digitLength(text, k);
      }
      starts[read & (RING - 1)] = next;
      ends[read & (RING - 1)] = k;
      read++;
      int sep = separatorLength(text, k);
      if (sep == 0 || k + sep >= n || digitLength(text, k + sep) == 0) {
        done = true;
      } else {
        next = k + sep;
      }
    }
  }
}
