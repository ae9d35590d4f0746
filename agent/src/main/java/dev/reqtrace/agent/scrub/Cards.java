package dev.reqtrace.agent.scrub;

/**
 * Finds payment card numbers in text: 13–19 digits, in groups separated by single spaces or dashes
 * (or, inside URLs, {@code +} and {@code %20}, the encoded space), passing the Luhn check. Runs of
 * groups are searched for a card made of whole groups, so {@code "order 12 4111 1111 1111 1111"}
 * still finds the card; one unbroken run of more than 19 digits is a number, not a card.
 *
 * <p>No issuer-prefix check: any Luhn-valid 13–19 digit number is masked, so about one in ten
 * unrelated long numbers (a 13-digit epoch-millisecond timestamp, say) is masked too. In a report
 * that is the cheap mistake to make.
 */
final class Cards {
  static final int MIN_DIGITS = 13;
  static final int MAX_DIGITS = 19;
  /** Digit groups looked at per run; a card has at most 19 one-digit groups. */
  private static final int MAX_GROUPS = 64;

  private Cards() {}

  /** {@code text} with every card number replaced by {@code replacement}; the same instance when none. */
  static String mask(String text, String replacement) {
    if (text == null || text.length() < MIN_DIGITS) {
      return text;
    }
    StringBuilder out = null;
    int copied = 0;
    int[] starts = null;
    int[] ends = null;
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!isDigit(text.charAt(i))) {
        i++;
        continue;
      }
      if (starts == null) {
        starts = new int[MAX_GROUPS];
        ends = new int[MAX_GROUPS];
      }
      int groups = 0;
      int j = i;
      while (true) {
        int k = j;
        while (k < n && isDigit(text.charAt(k))) {
          k++;
        }
        if (groups < MAX_GROUPS) {
          starts[groups] = j;
          ends[groups] = k;
          groups++;
        }
        int sep = separatorLength(text, k);
        if (sep == 0 || k + sep >= n || !isDigit(text.charAt(k + sep))) {
          i = k;
          break;
        }
        j = k + sep;
      }
      for (int a = 0; a < groups; a++) {
        int last = cardEndingGroup(text, starts, ends, a, groups);
        if (last < 0) {
          continue;
        }
        if (out == null) {
          out = new StringBuilder(n);
        }
        out.append(text, copied, starts[a]).append(replacement);
        copied = ends[last];
        a = last;
      }
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

  /**
   * The last group of the longest card that starts at group {@code first}, or -1. Longest first:
   * a 16-digit card followed by a lone digit must not be cut to 13 digits and leave three behind.
   */
  private static int cardEndingGroup(String text, int[] starts, int[] ends, int first, int groups) {
    int digits = 0;
    int best = -1;
    for (int b = first; b < groups; b++) {
      digits += ends[b] - starts[b];
      if (digits > MAX_DIGITS) {
        break;
      }
      if (digits >= MIN_DIGITS && luhn(text, starts, ends, first, b)) {
        best = b;
      }
    }
    return best;
  }

  private static boolean luhn(String text, int[] starts, int[] ends, int first, int last) {
    int sum = 0;
    boolean twice = false;
    for (int g = last; g >= first; g--) {
      for (int p = ends[g] - 1; p >= starts[g]; p--) {
        int d = text.charAt(p) - '0';
        if (twice) {
          d *= 2;
          if (d > 9) {
            d -= 9;
          }
        }
        sum += d;
        twice = !twice;
      }
    }
    return sum % 10 == 0;
  }

  private static int separatorLength(String text, int at) {
    if (at >= text.length()) {
      return 0;
    }
    char c = text.charAt(at);
    if (c == ' ' || c == '-' || c == '+') {
      return 1;
    }
    if (c == '%' && text.startsWith("20", at + 1)) {
      return 3;
    }
    return 0;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
