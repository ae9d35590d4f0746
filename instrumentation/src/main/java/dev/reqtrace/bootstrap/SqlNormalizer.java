package dev.reqtrace.bootstrap;

/**
 * Turns raw SQL into text safe to leave the process: every literal (string, number, hex, date,
 * dollar-quoted) becomes {@code ?}, {@code IN (?, ?, ?)} lists become {@code IN (?)}, comments are
 * dropped and whitespace is folded. Identifiers, quoted ones included, stay.
 *
 * <p>Errs on the side of hiding: an unterminated string or comment hides the rest of the text.
 */
public final class SqlNormalizer {
  /** Longest normalized text kept; longer text is cut and ends with {@code ...}. */
  public static final int MAX_LENGTH = 2048;

  /*
   * Words after which "-5" or "+5" is a signed literal rather than a subtraction. Operators and
   * "(" / "," are handled by character.
   */
  private static final String[] SIGN_KEYWORDS = {"SELECT", "WHERE", "AND", "OR", "NOT", "BETWEEN",
      "IN", "VALUES", "SET", "THEN", "ELSE", "WHEN", "LIMIT", "OFFSET", "BY", "IS", "LIKE", "ON",
      "CASE", "HAVING", "RETURN", "AS", "ANY", "ALL", "INTERVAL"};

  private SqlNormalizer() {}

  /**
   * Normalizes {@code sql}.
   *
   * @param mysql MySQL/MariaDB lexing: {@code "..."} is a string literal rather than a quoted
   *     identifier, backslash escapes in strings, {@code #} starts a comment
   */
  public static String normalize(String sql, boolean mysql) {
    if (sql == null) {
      return "";
    }
    int n = sql.length();
    StringBuilder out = new StringBuilder(Math.min(n, MAX_LENGTH + 16));
    int i = 0;
    while (i < n && out.length() <= MAX_LENGTH) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        space(out);
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-' || c == '#' && mysql) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
        space(out);
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        if (end < 0) {
          return finish(out, true);
        }
        i = end + 2;
        space(out);
      } else if (c == '\'') {
        boolean escapes = dropStringPrefix(out) || mysql;
        int end = endOfQuoted(sql, i, '\'', escapes);
        if (end < 0) {
          return finish(out, true);
        }
        out.append('?');
        i = end;
      } else if (c == '"') {
        int end = endOfQuoted(sql, i, '"', mysql);
        if (end < 0) {
          return finish(out, true);
        }
        if (mysql) {
          out.append('?');
        } else {
          out.append(sql, i, end);
        }
        i = end;
      } else if (c == '`' || c == '[' && !mysql && isIdentifierStart(sql, i + 1)) {
        int end = sql.indexOf(c == '`' ? '`' : ']', i + 1);
        end = end < 0 ? n : end + 1;
        out.append(sql, i, end);
        i = end;
      } else if (c == '$' && !isIdentifierPart(previous(sql, i))) {
        int next = dollarQuoted(sql, i, out);
        if (next < 0) {
          return finish(out, true);
        }
        i = next;
      } else if (isDigit(c) || c == '.' && i + 1 < n && isDigit(sql.charAt(i + 1))) {
        if (isIdentifierPart(previous(sql, i))) {
          out.append(c);
          i++;
        } else {
          dropSign(out);
          out.append('?');
          i = endOfNumber(sql, i);
        }
      } else if (isIdentifierPart(c)) {
        int end = i + 1;
        while (end < n && isIdentifierPart(sql.charAt(end))) {
          end++;
        }
        out.append(sql, i, end);
        i = end;
      } else if (c == '(' && endsWithWord(out, "IN")) {
        int end = collapsibleList(sql, i);
        if (end > 0) {
          out.append("(?)");
          i = end;
        } else {
          out.append(c);
          i++;
        }
      } else {
        out.append(c);
        i++;
      }
    }
    return finish(out, i < n);
  }

  /**
   * The statement's operation: its first keyword upper-cased ({@code SELECT}, {@code INSERT},
   * {@code CALL} for JDBC call escapes, the main verb of a {@code WITH} query), else {@code OTHER}.
   */
  public static String operation(String normalized) {
    int n = normalized.length();
    int i = 0;
    while (i < n && !Character.isLetter(normalized.charAt(i))) {
      i++;
    }
    String first = word(normalized, i);
    if (first.equals("WITH")) {
      return mainVerbOfWith(normalized, i + 4);
    }
    if (first.equals("EXEC") || first.equals("EXECUTE")) {
      return "CALL";
    }
    if (first.isEmpty() || first.length() > 16) {
      return "OTHER";
    }
    return first;
  }

  private static String mainVerbOfWith(String sql, int from) {
    int depth = 0;
    for (int i = from; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (depth == 0 && Character.isLetter(c) && !isIdentifierPart(sql.charAt(i - 1))) {
        String w = word(sql, i);
        if (w.equals("SELECT") || w.equals("INSERT") || w.equals("UPDATE") || w.equals("DELETE")
            || w.equals("MERGE")) {
          return w;
        }
        i += w.length() - 1;
      }
    }
    return "WITH";
  }

  private static String word(String s, int start) {
    int end = start;
    while (end < s.length() && Character.isLetter(s.charAt(end))) {
      end++;
    }
    return s.substring(start, end).toUpperCase(java.util.Locale.ROOT);
  }

  private static String finish(StringBuilder out, boolean hiddenOrCut) {
    if (hiddenOrCut) {
      if (out.length() > MAX_LENGTH) {
        out.setLength(MAX_LENGTH);
        trimEnd(out);
        out.append("...");
      } else {
        // An unterminated literal or comment: say something was hidden rather than drop it.
        space(out);
        out.append('?');
      }
    }
    trimEnd(out);
    int start = 0;
    while (start < out.length() && out.charAt(start) == ' ') {
      start++;
    }
    return out.substring(start);
  }

  private static void space(StringBuilder out) {
    int len = out.length();
    if (len > 0 && out.charAt(len - 1) != ' ') {
      out.append(' ');
    }
  }

  private static void trimEnd(StringBuilder out) {
    int len = out.length();
    while (len > 0 && out.charAt(len - 1) == ' ') {
      len--;
    }
    out.setLength(len);
  }

  /**
   * Removes a one-letter literal prefix ({@code E'..'}, {@code N'..'}, {@code X'..'},
   * {@code B'..'}) from the output; returns whether backslash escapes apply (PostgreSQL {@code E}).
   */
  private static boolean dropStringPrefix(StringBuilder out) {
    int len = out.length();
    if (len == 0) {
      return false;
    }
    char p = out.charAt(len - 1);
    boolean standalone = len == 1 || !isIdentifierPart(out.charAt(len - 2));
    if (standalone && "EeNnXxBbUu".indexOf(p) >= 0) {
      out.setLength(len - 1);
      return p == 'E' || p == 'e';
    }
    if (len >= 2 && p == '&' && (out.charAt(len - 2) == 'U' || out.charAt(len - 2) == 'u')
        && (len == 2 || !isIdentifierPart(out.charAt(len - 3)))) {
      out.setLength(len - 2);
    }
    return false;
  }

  /** Index after the closing quote (a doubled quote is part of the text), or -1 if unterminated. */
  private static int endOfQuoted(String sql, int open, char quote, boolean backslashEscapes) {
    int n = sql.length();
    int i = open + 1;
    while (i < n) {
      char c = sql.charAt(i);
      if (backslashEscapes && c == '\\') {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < n && sql.charAt(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return -1;
  }

  /**
   * PostgreSQL {@code $$...$$} or {@code $tag$...$tag$}: replaced by {@code ?}. A {@code $1}
   * placeholder or a lone {@code $} is kept. Returns the next index, or -1 when unterminated.
   */
  private static int dollarQuoted(String sql, int i, StringBuilder out) {
    int n = sql.length();
    int tagEnd = i + 1;
    while (tagEnd < n && (Character.isLetter(sql.charAt(tagEnd)) || sql.charAt(tagEnd) == '_')) {
      tagEnd++;
    }
    if (tagEnd >= n || sql.charAt(tagEnd) != '$') {
      out.append('$');
      return i + 1;
    }
    String tag = sql.substring(i, tagEnd + 1);
    int close = sql.indexOf(tag, tagEnd + 1);
    if (close < 0) {
      return -1;
    }
    out.append('?');
    return close + tag.length();
  }

  private static int endOfNumber(String sql, int i) {
    int n = sql.length();
    if (sql.charAt(i) == '0' && i + 1 < n && (sql.charAt(i + 1) == 'x' || sql.charAt(i + 1) == 'X')) {
      i += 2;
      while (i < n && Character.digit(sql.charAt(i), 16) >= 0) {
        i++;
      }
      return i;
    }
    while (i < n && (isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
      i++;
    }
    if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
      int j = i + 1;
      if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
        j++;
      }
      if (j < n && isDigit(sql.charAt(j))) {
        i = j;
        while (i < n && isDigit(sql.charAt(i))) {
          i++;
        }
      }
    }
    // Type suffixes (1L, 2.5f, 10D) belong to the literal too.
    while (i < n && Character.isLetter(sql.charAt(i))) {
      i++;
    }
    return i;
  }

  /** Drops a sign just written when it is a unary sign of the literal that follows. */
  private static void dropSign(StringBuilder out) {
    int len = out.length();
    if (len == 0) {
      return;
    }
    char sign = out.charAt(len - 1);
    if (sign != '-' && sign != '+') {
      return;
    }
    int j = len - 2;
    while (j >= 0 && out.charAt(j) == ' ') {
      j--;
    }
    if (j < 0) {
      out.setLength(len - 1);
      return;
    }
    char before = out.charAt(j);
    boolean unary;
    if (isIdentifierPart(before)) {
      unary = isSignKeyword(out, j);
    } else {
      unary = before != ')' && before != '?' && before != '"' && before != '`' && before != ']';
    }
    if (unary) {
      out.setLength(len - 1);
    }
  }

  private static boolean isSignKeyword(StringBuilder out, int lastIndex) {
    int start = lastIndex;
    while (start > 0 && isIdentifierPart(out.charAt(start - 1))) {
      start--;
    }
    int length = lastIndex - start + 1;
    for (String keyword : SIGN_KEYWORDS) {
      if (keyword.length() == length && keyword.regionMatches(true, 0, out.toString(), start, length)) {
        return true;
      }
    }
    return false;
  }

  private static boolean endsWithWord(StringBuilder out, String word) {
    int j = out.length() - 1;
    while (j >= 0 && out.charAt(j) == ' ') {
      j--;
    }
    int start = j - word.length() + 1;
    if (start < 0 || start > 0 && isIdentifierPart(out.charAt(start - 1))) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      if (Character.toUpperCase(out.charAt(start + k)) != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /**
   * If the parenthesised list opening at {@code open} holds only placeholders and literals (each
   * becoming {@code ?}), the index after its closing parenthesis; else -1.
   */
  private static int collapsibleList(String sql, int open) {
    int n = sql.length();
    int i = open + 1;
    boolean expectItem = true;
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (expectItem) {
        int end = endOfListItem(sql, i);
        if (end < 0) {
          return -1;
        }
        i = end;
        expectItem = false;
      } else if (c == ',') {
        expectItem = true;
        i++;
      } else if (c == ')') {
        return i + 1;
      } else {
        return -1;
      }
    }
    return -1;
  }

  private static int endOfListItem(String sql, int i) {
    int n = sql.length();
    char c = sql.charAt(i);
    if (c == '?') {
      return i + 1;
    }
    if (c == '\'') {
      return endOfQuoted(sql, i, '\'', false);
    }
    if (c == '-' || c == '+') {
      return i + 1 < n && isDigit(sql.charAt(i + 1)) ? endOfNumber(sql, i + 1) : -1;
    }
    if (isDigit(c)) {
      return endOfNumber(sql, i);
    }
    return -1;
  }

  private static char previous(String sql, int i) {
    return i == 0 ? ' ' : sql.charAt(i - 1);
  }

  private static boolean isIdentifierStart(String sql, int i) {
    return i < sql.length() && (Character.isLetter(sql.charAt(i)) || sql.charAt(i) == '_');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '#' || c == '@';
  }
}
