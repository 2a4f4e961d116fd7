package dev.driftsmith.feature.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** SQLite's tokens, as far as reading the shape of an expression needs them. */
final class SqlTokens {
  private SqlTokens() {}

  enum Type { WORD, QUOTED, STRING, NUMBER, PARAM, OPERATOR, OPEN, CLOSE, COMMA, DOT, OTHER }

  /** A token and where it stands in the SQL text ({@code start} inclusive, {@code end} exclusive). */
  record Token(Type type, String text, int start, int end) {
    boolean is(String keyword) {
      return type == Type.WORD && text.equalsIgnoreCase(keyword);
    }

    String upper() {
      return text.toUpperCase(Locale.ROOT);
    }
  }

  /** The tokens of {@code sql}; whitespace and comments are dropped, quoted names keep their text unquoted. */
  static List<Token> of(String sql) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      int start = i;
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? sql.length() : end;
      } else if (c == '/' && sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? sql.length() : end + 2;
      } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
        char close = c == '[' ? ']' : c;
        i++;
        while (i < sql.length()) {
          if (sql.charAt(i) == close) {
            if (close != ']' && i + 1 < sql.length() && sql.charAt(i + 1) == close) i += 2;
            else break;
          } else {
            i++;
          }
        }
        i = Math.min(i + 1, sql.length());
        String body = sql.substring(start + 1, Math.max(start + 1, i - 1));
        out.add(c == '\'' ? new Token(Type.STRING, body, start, i)
            : new Token(Type.QUOTED, body.replace(String.valueOf(close) + close, String.valueOf(close)), start, i));
      } else if (Character.isLetter(c) || c == '_') {
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) i++;
        out.add(new Token(Type.WORD, sql.substring(start, i), start, i));
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < sql.length() && Character.isDigit(sql.charAt(i + 1)))) {
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) i++;
        out.add(new Token(Type.NUMBER, sql.substring(start, i), start, i));
      } else if (c == '?' || c == ':' || c == '@' || c == '$') {
        i++;
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) i++;
        out.add(new Token(Type.PARAM, sql.substring(start, i), start, i));
      } else {
        String two = i + 1 < sql.length() ? sql.substring(i, i + 2) : "";
        if (Set.of("<=", ">=", "==", "!=", "<>", "||", "<<", ">>").contains(two)) {
          i += 2;
          out.add(new Token(Type.OPERATOR, two, start, i));
        } else {
          i++;
          Type type = switch (c) {
            case '(' -> Type.OPEN;
            case ')' -> Type.CLOSE;
            case ',' -> Type.COMMA;
            case '.' -> Type.DOT;
            case '<', '>', '=', '+', '-', '*', '/', '%', '&', '|', '~' -> Type.OPERATOR;
            default -> Type.OTHER;
          };
          out.add(new Token(type, String.valueOf(c), start, i));
        }
      }
    }
    return out;
  }
}
