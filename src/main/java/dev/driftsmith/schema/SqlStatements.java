package dev.driftsmith.schema;

/** Lexical checks on user-supplied SQL that SQLite's prepare alone would not catch. */
public final class SqlStatements {
  private SqlStatements() {}

  /**
   * Counts the statements in {@code sql}, ignoring semicolons inside string literals, quoted
   * identifiers, comments and trigger bodies ({@code BEGIN … END}). A trailing semicolon is fine.
   */
  public static int count(String sql) {
    int statements = 0;
    boolean content = false;
    int depth = 0; // BEGIN … END (trigger bodies) and CASE … END nesting
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`' || c == '[') {
        char close = c == '[' ? ']' : c;
        int end = sql.indexOf(close, i + 1);
        while (end >= 0 && close != ']' && end + 1 < sql.length() && sql.charAt(end + 1) == close) {
          end = sql.indexOf(close, end + 2);
        }
        i = end < 0 ? sql.length() : end;
        content = true;
        continue;
      }
      if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? sql.length() : end;
        continue;
      }
      if (c == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? sql.length() : end + 1;
        continue;
      }
      if (Character.isLetter(c) || c == '_') {
        word.append(Character.toUpperCase(c));
        content = true;
        continue;
      }
      if (!word.isEmpty()) {
        String w = word.toString();
        if (w.equals("BEGIN") || w.equals("CASE")) depth++;
        if (w.equals("END") && depth > 0) depth--;
        word.setLength(0);
      }
      if (c == ';' && depth == 0) {
        if (content) statements++;
        content = false;
      } else if (!Character.isWhitespace(c)) {
        content = true;
      }
    }
    if (!word.isEmpty() && word.toString().equals("END") && depth > 0) depth--;
    if (content) statements++;
    return statements;
  }

  /** The statement without a trailing semicolon and surrounding whitespace. */
  public static String trim(String sql) {
    String s = sql.strip();
    while (s.endsWith(";")) s = s.substring(0, s.length() - 1).strip();
    return s;
  }
}
