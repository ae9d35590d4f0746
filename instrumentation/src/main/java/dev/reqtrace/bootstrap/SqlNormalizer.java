package dev.reqtrace.bootstrap;

/**
 * Turns raw SQL into text safe to leave the process: every literal (string, number, hex, date,
 * dollar-quoted, Oracle {@code q'[...]'}, SQL Server money) becomes {@code ?}, {@code IN (?, ?, ?)}
 * lists become {@code IN (?)}, comments are dropped and whitespace is folded. Identifiers, quoted
 * ones included, stay; {@code "..."} only where the {@link SqlDialect} makes it a name.
 *
 * <p>Errs on the side of hiding: an unterminated string or comment hides the rest of the text, and
 * so does a string whose end the dialect leaves in doubt ({@link SqlDialect#backslashHides}).
 */
public final class SqlNormalizer {
  /**
   * Longest normalized text kept; longer text is cut to at most this many characters and ends with
   * {@code ...}, so no result is longer than {@code MAX_LENGTH + 3}.
   */
  public static final int MAX_LENGTH = 2048;

  /*
   * Longest dollar-quote tag searched for. PostgreSQL takes any length, but nobody writes 64
   * characters of tag; a longer one hides the rest, which keeps the search for it linear.
   */
  private static final int MAX_DOLLAR_TAG = 63;

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
   * @param dialect how the database lexes strings and comments
   */
  public static String normalize(String sql, SqlDialect dialect) {
    if (sql == null) {
      return "";
    }
    // MySQL has neither SQL Server's [name] nor Oracle's q'[...]'; the others lex them safely.
    boolean mysql = dialect == SqlDialect.MYSQL;
    int n = sql.length();
    StringBuilder out = new StringBuilder(Math.min(n, MAX_LENGTH + 16));
    int i = 0;
    // The first ']' after the last '[' seen, or n if none. Each search starts past the previous
    // result, so together they read the text once.
    int close = -1;
    // Where SQL Server ends a '[' that was lexed as SQL (PostgreSQL's ARRAY[...]), else -1.
    int bracketEnd = -1;
    while (i < n && out.length() <= MAX_LENGTH) {
      if (bracketEnd >= 0 && i >= bracketEnd) {
        if (i > bracketEnd) {
          // A string or comment ran past that ']': for one of the two dialects the text after
          // it is inside a literal ([it's] ... 'secret' for SQL Server). Hide it.
          return finish(out, true);
        }
        bracketEnd = -1;
      }
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        space(out);
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-'
          || c == '#' && dialect.hashComments) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
        space(out);
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = endOfBlockComment(sql, i, dialect.nestedComments);
        if (end < 0) {
          return finish(out, true);
        }
        i = end;
        space(out);
      } else if (c == '\'' || c == '"' && dialect.doubleQuotedStrings) {
        int end = mysql || c == '"' ? 0 : alternativeQuoted(sql, i, out);
        if (end == 0) {
          end = endOfString(sql, i, dialect, c == '\'' && dropStringPrefix(out));
        }
        if (end < 0) {
          return finish(out, true);
        }
        out.append('?');
        i = end;
      } else if (c == '"') {
        int end = endOfQuoted(sql, i, '"', false, false);
        if (end < 0 || bracketEnd >= 0 && end > bracketEnd) {
          // Unterminated, or a name copied whole would run past the ']' (see bracketEnd above).
          return finish(out, true);
        }
        out.append(sql, i, end);
        i = end;
      } else if (c == '`') {
        int end = sql.indexOf('`', i + 1);
        if (end < 0 || bracketEnd >= 0 && end > bracketEnd) {
          return finish(out, true);
        }
        out.append(sql, i, end + 1);
        i = end + 1;
      } else if (c == '[' && !mysql) {
        if (close <= i) {
          close = sql.indexOf(']', i + 1);
          close = close < 0 ? n : close;
        }
        // Kept whole only when it looks like a SQL Server [identifier]: PostgreSQL's ARRAY[1, 'x']
        // and a[i - 1] hold literals, so they are lexed like the rest.
        if (close < n && isBracketIdentifier(sql, i + 1, close)) {
          // Ends on the same ']' as any '[' still open (a[b[c]]): both dialects agree from here.
          bracketEnd = -1;
          out.append(sql, i, close + 1);
          i = close + 1;
        } else {
          bracketEnd = close < n ? close : -1;
          out.append(c);
          i++;
        }
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
        // In MySQL "a#b" is the word "a" and a comment: the comment must not ride along in the word.
        while (end < n && isIdentifierPart(sql.charAt(end))
            && !(dialect.hashComments && sql.charAt(end) == '#')) {
          end++;
        }
        out.append(sql, i, end);
        i = end;
      } else if (c == '(' && endsWithWord(out, "IN")) {
        int end = collapsibleList(sql, i, dialect);
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

  /**
   * The result: {@code out} trimmed and, when longer than {@link #MAX_LENGTH}, cut and ended with
   * {@code ...}.
   *
   * @param hidden whether the input was not all lexed: an unterminated literal or comment, or the
   *     loop stopped at the limit (then {@code out} is already too long, and is cut)
   */
  private static String finish(StringBuilder out, boolean hidden) {
    if (hidden) {
      // Say something was hidden rather than drop it.
      space(out);
      out.append('?');
    }
    trimEnd(out);
    // The last token may cross the limit whole (one long word), and so may the mark above.
    if (out.length() > MAX_LENGTH) {
      int cut = MAX_LENGTH;
      if (Character.isHighSurrogate(out.charAt(cut - 1))) {
        cut--;
      }
      out.setLength(cut);
      trimEnd(out);
      out.append("...");
    }
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

  /**
   * Index after the block comment opening at {@code open}, or -1 if unterminated.
   *
   * @param nested whether a comment inside it needs its own close (PostgreSQL, SQL Server; not
   *     MySQL). A dialect that does not nest ends the comment sooner: hiding more is the safe side.
   */
  private static int endOfBlockComment(String sql, int open, boolean nested) {
    int n = sql.length();
    int depth = 1;
    int i = open + 2;
    while (i + 1 < n) {
      char c = sql.charAt(i);
      if (c == '*' && sql.charAt(i + 1) == '/') {
        i += 2;
        if (--depth == 0) {
          return i;
        }
      } else if (nested && c == '/' && sql.charAt(i + 1) == '*') {
        depth++;
        i += 2;
      } else {
        i++;
      }
    }
    return -1;
  }

  /**
   * Oracle's alternative quoting, {@code q'[...]'} or {@code nq'{...}'} with any delimiter (a
   * bracket closes with its pair): when {@code out} ends with a standalone {@code q} or {@code nq}
   * and a delimiter follows the quote at {@code open}, drops the prefix and returns the index after
   * the closing delimiter and quote, or -1 if unterminated. Else 0, and {@code out} is unchanged.
   */
  private static int alternativeQuoted(String sql, int open, StringBuilder out) {
    int len = out.length();
    int n = sql.length();
    if (len == 0 || out.charAt(len - 1) != 'q' && out.charAt(len - 1) != 'Q'
        || open + 1 >= n || Character.isWhitespace(sql.charAt(open + 1))
        || sql.charAt(open + 1) == '\'') {
      return 0;
    }
    int start = len - 1;
    if (start > 0 && (out.charAt(start - 1) == 'n' || out.charAt(start - 1) == 'N')) {
      start--;
    }
    if (start > 0 && isIdentifierPart(out.charAt(start - 1))) {
      return 0;
    }
    out.setLength(start);
    char delimiter = sql.charAt(open + 1);
    int pair = "[{<(".indexOf(delimiter);
    char close = pair < 0 ? delimiter : "]}>)".charAt(pair);
    for (int i = open + 2; i + 1 < n; i++) {
      if (sql.charAt(i) == close && sql.charAt(i + 1) == '\'') {
        return i + 2;
      }
    }
    return -1;
  }

  /**
   * Index after the string literal whose quote ({@code '}, or {@code "} where that is a string) is
   * at {@code open}, or -1 if unterminated or if where it ends depends on the reading.
   *
   * @param escapeString a PostgreSQL {@code E'...'}: backslash escapes whatever the dialect
   */
  private static int endOfString(String sql, int open, SqlDialect dialect, boolean escapeString) {
    char quote = sql.charAt(open);
    if (dialect.tripleQuotes && open + 2 < sql.length() && sql.charAt(open + 1) == quote
        && sql.charAt(open + 2) == quote) {
      return endOfTripleQuoted(sql, open, quote);
    }
    boolean escapes = escapeString || dialect.backslashEscapes;
    return endOfQuoted(sql, open, quote, escapes, !escapes && dialect.backslashHides);
  }

  /** Index after BigQuery's {@code '''...'''} (backslash escapes) opening at {@code open}, or -1. */
  private static int endOfTripleQuoted(String sql, int open, char quote) {
    int n = sql.length();
    int i = open + 3;
    while (i + 2 < n) {
      char c = sql.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == quote && sql.charAt(i + 1) == quote && sql.charAt(i + 2) == quote) {
        return i + 3;
      } else {
        i++;
      }
    }
    return -1;
  }

  /**
   * Index after the closing quote (a doubled quote is part of the text), or -1 if unterminated.
   *
   * @param backslashHides -1 too at a quote after an odd run of backslashes (see
   *     {@link SqlDialect#backslashHides})
   */
  private static int endOfQuoted(String sql, int open, char quote, boolean backslashEscapes,
      boolean backslashHides) {
    int n = sql.length();
    int i = open + 1;
    // The backslashes right before i.
    int backslashes = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\\') {
        if (backslashEscapes) {
          i += 2;
        } else {
          backslashes++;
          i++;
        }
        continue;
      }
      if (c == quote) {
        if (backslashHides && backslashes % 2 == 1) {
          return -1;
        }
        if (i + 1 < n && sql.charAt(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
      backslashes = 0;
    }
    return -1;
  }

  /**
   * PostgreSQL {@code $$...$$} or {@code $tag$...$tag$}, and SQL Server money ({@code $12.50}):
   * replaced by {@code ?}. A {@code $1} placeholder or a lone {@code $} is kept. Returns the next
   * index, or -1 when unterminated.
   */
  private static int dollarQuoted(String sql, int i, StringBuilder out) {
    int n = sql.length();
    int tagEnd = i + 1;
    // PostgreSQL's tag: a letter, '_' or any non-ASCII character, then those or digits.
    if (tagEnd < n && isDollarTagPart(sql.charAt(tagEnd)) && !isDigit(sql.charAt(tagEnd))) {
      do {
        tagEnd++;
      } while (tagEnd < n && isDollarTagPart(sql.charAt(tagEnd)));
    }
    if (tagEnd < n && sql.charAt(tagEnd) == '$') {
      if (tagEnd - i - 1 > MAX_DOLLAR_TAG) {
        return -1;
      }
      String tag = sql.substring(i, tagEnd + 1);
      int close = sql.indexOf(tag, tagEnd + 1);
      if (close < 0) {
        return -1;
      }
      out.append('?');
      return close + tag.length();
    }
    // $100 may be either, and stays; a placeholder never has a fraction.
    int digitsEnd = i + 1;
    while (digitsEnd < n && isDigit(sql.charAt(digitsEnd))) {
      digitsEnd++;
    }
    if (digitsEnd > i + 1 && digitsEnd + 1 < n && sql.charAt(digitsEnd) == '.'
        && isDigit(sql.charAt(digitsEnd + 1))) {
      dropSign(out);
      out.append('?');
      return endOfNumber(sql, i + 1);
    }
    out.append('$');
    return i + 1;
  }

  /** Whether {@code c} may be in a PostgreSQL dollar-quote tag (all but its first character). */
  private static boolean isDollarTagPart(char c) {
    return c >= 0x80 || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || isDigit(c);
  }

  /**
   * Index after the number starting at {@code i}. Letters, digits, underscores and dots that follow
   * belong to it ({@code 0x1F}, {@code 0b101}, {@code 1_000}, {@code 10L}), as does an exponent's
   * sign: left behind, they would come out verbatim.
   */
  private static int endOfNumber(String sql, int i) {
    int n = sql.length();
    boolean hex = sql.charAt(i) == '0' && i + 1 < n
        && (sql.charAt(i + 1) == 'x' || sql.charAt(i + 1) == 'X');
    int j = hex ? i + 2 : i;
    while (j < n) {
      char c = sql.charAt(j);
      if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
        j++;
      } else if ((c == '+' || c == '-') && !hex && j > i
          && (sql.charAt(j - 1) == 'e' || sql.charAt(j - 1) == 'E')
          && j + 1 < n && isDigit(sql.charAt(j + 1))) {
        j += 2;
      } else {
        break;
      }
    }
    return j;
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
  private static int collapsibleList(String sql, int open, SqlDialect dialect) {
    int n = sql.length();
    int i = open + 1;
    boolean expectItem = true;
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (expectItem) {
        int end = endOfListItem(sql, i, dialect);
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

  /**
   * Index after the placeholder or literal at {@code i}, else -1. Strings are lexed as
   * {@link #normalize} does, in the same dialect: otherwise a quote the main lexer takes as escaped
   * would end the item here, and the rest of the string come out as SQL.
   */
  private static int endOfListItem(String sql, int i, SqlDialect dialect) {
    int n = sql.length();
    char c = sql.charAt(i);
    if (c == '?') {
      return i + 1;
    }
    if (c == '\'' || c == '"' && dialect.doubleQuotedStrings) {
      return endOfString(sql, i, dialect, false);
    }
    if (c == '-' || c == '+') {
      return i + 1 < n && isDigit(sql.charAt(i + 1)) ? endOfNumber(sql, i + 1) : -1;
    }
    if (isDigit(c)) {
      return endOfNumber(sql, i);
    }
    return -1;
  }

  /**
   * Whether the text from {@code from} to {@code to} (a {@code [...]}'s content) looks like a SQL
   * Server identifier: it starts like one and holds only identifier characters, spaces and dots.
   * Stops at the first other character, another {@code [} included, so no character is read twice.
   */
  private static boolean isBracketIdentifier(String sql, int from, int to) {
    if (from >= to || !isIdentifierStart(sql, from)) {
      return false;
    }
    for (int i = from + 1; i < to; i++) {
      char c = sql.charAt(i);
      if (!isIdentifierPart(c) && c != ' ' && c != '.') {
        return false;
      }
    }
    return true;
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
