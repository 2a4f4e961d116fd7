package dev.driftsmith.schema;

/**
 * The two things about user-supplied SQL that are decided from its text; everything else
 * (what a statement does, how many statements there are) is decided by SQLite, see {@link SqlAuthorizer}.
 */
public final class SqlStatements {
  private SqlStatements() {}

  /** The statement without a trailing semicolon and surrounding whitespace. */
  public static String trim(String sql) {
    String s = sql.strip();
    while (s.endsWith(";")) s = s.substring(0, s.length() - 1).strip();
    return s;
  }

  /**
   * Whether the word PRAGMA occurs anywhere in {@code sql}, in any case, even inside a string or a
   * comment. This is the one check made before SQLite sees the text, because SQLite carries out
   * parts of a PRAGMA while merely compiling it — even under EXPLAIN, even when the statement then
   * fails with a syntax error — and some of those parts change the whole process (the directory
   * for temporary files, the heap limits), not just the connection. It is deliberately crude: a
   * word is a run of the characters SQLite allows in a name, so wherever SQLite could read the
   * keyword, this finds it, and no tokenizer subtlety can let one through. {@code pragma_table_info}
   * is a different word.
   */
  public static boolean mentionsPragma(String sql) {
    String word = "pragma";
    for (int i = 0; i + word.length() <= sql.length(); i++) {
      if (sql.regionMatches(true, i, word, 0, word.length())
          && (i == 0 || !isNameChar(sql.charAt(i - 1)))
          && (i + word.length() == sql.length() || !isNameChar(sql.charAt(i + word.length())))) {
        return true;
      }
    }
    return false;
  }

  /** SQLite's identifier characters: ASCII letters and digits, '_', '$' and every non-ASCII character. */
  private static boolean isNameChar(char c) {
    return c >= 0x80 || c == '_' || c == '$' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
