package dev.driftsmith.workspace;

/**
 * Where a SQL statement ends in a text of several, by SQLite's own rule: the state machine of
 * {@code sqlite3_complete()} (SQLite's complete.c). A statement ends at a semicolon outside
 * strings ('…'), quoted identifiers ("…", `…`, […]) and comments (-- to the end of the line, and
 * /* … *&#47;); a CREATE [TEMP] TRIGGER ends only at the semicolon after the END that closes its
 * BEGIN, so the semicolons of the statements in its body, and a CASE … END, do not end it.
 */
final class SqlScript {
  private SqlScript() {}

  /** The tokens {@code sqlite3_complete()} tells apart; comments count as white space there. */
  private enum Token { SEMI, SPACE, OTHER, EXPLAIN, CREATE, TEMP, TRIGGER, END }

  /** What a token does to the text's state; states 1 (START) and after it are SQLite's, 0 (INVALID) the start of a text. */
  private static final int START = 1;
  private static final int[][] NEXT = {
      //          SEMI SPACE OTHER EXPLAIN CREATE TEMP TRIGGER END
      /* 0 INVALID */ {1, 0, 2, 3, 4, 2, 2, 2},
      /* 1 START   */ {1, 1, 2, 3, 4, 2, 2, 2},
      /* 2 NORMAL  */ {1, 2, 2, 2, 2, 2, 2, 2},
      /* 3 EXPLAIN */ {1, 3, 3, 2, 4, 2, 2, 2},
      /* 4 CREATE  */ {1, 4, 2, 2, 2, 4, 5, 2},
      /* 5 TRIGGER */ {6, 5, 5, 5, 5, 5, 5, 5},
      /* 6 SEMI    */ {6, 6, 5, 5, 5, 5, 5, 7},
      /* 7 END     */ {1, 7, 5, 5, 5, 5, 5, 5},
  };

  /** A token's kind and the index just past it; {@code end} is -1 for a string or comment the text leaves open. */
  private record Scanned(Token token, Kind kind, int end) {}

  /** Finer than {@link Token} where storing statements needs it: a line comment is not plain white space. */
  private enum Kind { BLANK, LINE_COMMENT, BLOCK_COMMENT, OTHER }

  /**
   * The index of the semicolon that ends the statement starting at {@code from}, or -1 when the
   * text ends first (inside a string, a comment or a trigger body, or without a semicolon).
   */
  static int statementEnd(String text, int from) {
    int state = 0;
    int i = from;
    while (i < text.length()) {
      Scanned s = scan(text, i);
      if (s.end() < 0) return -1;
      state = NEXT[state][s.token().ordinal()];
      if (state == START && s.token() == Token.SEMI) return i;
      i = s.end();
    }
    return -1;
  }

  /**
   * Whether the last thing in {@code sql} other than white space is a -- comment. A semicolon
   * written right after such a statement would fall into the comment, so a migration file puts
   * it on the next line; this tells the reader to take that line break away again.
   */
  static boolean endsWithLineComment(String sql) {
    Kind last = Kind.BLANK;
    for (int i = 0; i < sql.length(); ) {
      Scanned s = scan(sql, i);
      if (s.kind() != Kind.BLANK) last = s.kind();
      if (s.end() < 0) return false;
      i = s.end();
    }
    return last == Kind.LINE_COMMENT;
  }

  /** The token at {@code i}. A line comment ends before its line break, or at the end of the text. */
  private static Scanned scan(String text, int i) {
    char c = text.charAt(i);
    switch (c) {
      case ';':
        return new Scanned(Token.SEMI, Kind.OTHER, i + 1);
      case ' ', '\r', '\t', '\n', '\f':
        return new Scanned(Token.SPACE, Kind.BLANK, i + 1);
      case '/':
        if (!text.startsWith("/*", i)) return new Scanned(Token.OTHER, Kind.OTHER, i + 1);
        int close = text.indexOf("*/", i + 2);
        return new Scanned(Token.SPACE, Kind.BLOCK_COMMENT, close < 0 ? -1 : close + 2);
      case '-':
        if (!text.startsWith("--", i)) return new Scanned(Token.OTHER, Kind.OTHER, i + 1);
        int lineEnd = text.indexOf('\n', i);
        return new Scanned(Token.SPACE, Kind.LINE_COMMENT, lineEnd < 0 ? text.length() : lineEnd);
      case '[':
        return quoted(text, i, ']');
      case '`', '"', '\'':
        return quoted(text, i, c);
      default:
        if (!isIdChar(c)) return new Scanned(Token.OTHER, Kind.OTHER, i + 1);
        int end = i + 1;
        while (end < text.length() && isIdChar(text.charAt(end))) end++;
        return new Scanned(keyword(text.substring(i, end)), Kind.OTHER, end);
    }
  }

  /** A string or quoted name; a doubled quote inside reads as two of them back to back, which ends nothing either. */
  private static Scanned quoted(String text, int i, char close) {
    int end = text.indexOf(close, i + 1);
    return new Scanned(Token.OTHER, Kind.OTHER, end < 0 ? -1 : end + 1);
  }

  private static Token keyword(String word) {
    if (isKeyword(word, "create")) return Token.CREATE;
    if (isKeyword(word, "trigger")) return Token.TRIGGER;
    if (isKeyword(word, "temp") || isKeyword(word, "temporary")) return Token.TEMP;
    if (isKeyword(word, "end")) return Token.END;
    if (isKeyword(word, "explain")) return Token.EXPLAIN;
    return Token.OTHER;
  }

  /**
   * SQLite folds only ASCII letters in keywords; Java's equalsIgnoreCase would also take the
   * Kelvin sign for a k or a dotted capital I for an i, and read a name as a keyword.
   */
  private static boolean isKeyword(String word, String lowerCase) {
    if (word.length() != lowerCase.length()) return false;
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
      if (lower != lowerCase.charAt(i)) return false;
    }
    return true;
  }

  /** SQLite's identifier characters: ASCII letters and digits, '_', '$', and every character beyond ASCII. */
  private static boolean isIdChar(char c) {
    return c >= 0x80 || c == '_' || c == '$' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
