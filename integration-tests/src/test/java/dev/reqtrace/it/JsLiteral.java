package dev.reqtrace.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what Node's {@code console.log} prints for plain data (util.inspect): objects with bare or
 * quoted keys, arrays (long ones end in {@code ... 12 more items}), quoted strings, numbers and
 * {@code NaN}/{@code Infinity}/{@code null}/{@code undefined}/booleans. Numbers become
 * {@link Double}, objects {@link LinkedHashMap}, arrays {@link List}. Enough for the StatsD console
 * backend; not a JavaScript parser.
 */
final class JsLiteral {
  private final String text;
  private int at;

  private JsLiteral(String text) {
    this.text = text;
  }

  /** Parses one object literal. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parseObject(String text) {
    JsLiteral parser = new JsLiteral(text);
    Object value = parser.value();
    parser.skipSpace();
    if (!(value instanceof Map) || parser.at != text.length()) {
      throw new IllegalArgumentException("not one object literal at " + parser.at + ": " + text);
    }
    return (Map<String, Object>) value;
  }

  private Object value() {
    skipSpace();
    char c = peek();
    if (c == '{') {
      return object();
    }
    if (c == '[') {
      return array();
    }
    if (c == '\'' || c == '"' || c == '`') {
      return string();
    }
    String word = word();
    switch (word) {
      case "NaN":
        return Double.NaN;
      case "Infinity":
        return Double.POSITIVE_INFINITY;
      case "-Infinity":
        return Double.NEGATIVE_INFINITY;
      case "null":
      case "undefined":
        return null;
      case "true":
        return Boolean.TRUE;
      case "false":
        return Boolean.FALSE;
      default:
        try {
          return Double.parseDouble(word);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("unexpected '" + word + "' at " + at + ": " + text);
        }
    }
  }

  private Map<String, Object> object() {
    expect('{');
    Map<String, Object> map = new LinkedHashMap<>();
    skipSpace();
    if (peek() == '}') {
      at++;
      return map;
    }
    while (true) {
      skipSpace();
      char c = peek();
      String key = c == '\'' || c == '"' ? string() : word();
      skipSpace();
      expect(':');
      map.put(key, value());
      skipSpace();
      if (peek() == ',') {
        at++;
        continue;
      }
      expect('}');
      return map;
    }
  }

  private List<Object> array() {
    expect('[');
    List<Object> list = new ArrayList<>();
    skipSpace();
    if (peek() == ']') {
      at++;
      return list;
    }
    while (true) {
      skipSpace();
      if (text.startsWith("...", at)) {
        // "... 900 more items": util.inspect shows the first 100 elements only.
        at = skipTo("more item");
      } else {
        list.add(value());
      }
      skipSpace();
      if (peek() == ',') {
        at++;
        continue;
      }
      expect(']');
      return list;
    }
  }

  private int skipTo(String word) {
    int found = text.indexOf(word, at);
    if (found < 0) {
      throw new IllegalArgumentException("no '" + word + "' after " + at + ": " + text);
    }
    int i = found + word.length();
    if (i < text.length() && text.charAt(i) == 's') {
      i++;
    }
    return i;
  }

  private String string() {
    char quote = text.charAt(at++);
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = text.charAt(at++);
      if (c == quote) {
        return out.toString();
      }
      if (c == '\\') {
        char e = text.charAt(at++);
        switch (e) {
          case 'n':
            out.append('\n');
            break;
          case 't':
            out.append('\t');
            break;
          case 'r':
            out.append('\r');
            break;
          case 'x':
            out.append((char) Integer.parseInt(text.substring(at, at + 2), 16));
            at += 2;
            break;
          case 'u':
            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
            at += 4;
            break;
          default:
            out.append(e);
        }
      } else {
        out.append(c);
      }
    }
  }

  private String word() {
    int start = at;
    while (at < text.length()) {
      char c = text.charAt(at);
      if (Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.' || c == '-'
          || c == '+') {
        at++;
      } else {
        break;
      }
    }
    if (start == at) {
      throw new IllegalArgumentException("unexpected '" + peek() + "' at " + at + ": " + text);
    }
    return text.substring(start, at);
  }

  private void skipSpace() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }

  private char peek() {
    if (at >= text.length()) {
      throw new IllegalArgumentException("unexpected end: " + text);
    }
    return text.charAt(at);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw new IllegalArgumentException("expected '" + c + "' at " + at + ", found '" + peek()
          + "': " + text);
    }
    at++;
  }
}
