package dev.driftsmith.feature.search;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns what a user typed into a safe FTS5 MATCH expression: the Java twin of {@code toFtsQuery}
 * in the generated {@code fts_query.dart}. Both run the same algorithm with the same two patterns
 * (rendered from here into the Dart file), so our SQLite tests exercise exactly what apps run.
 *
 * <p>The input is split at white space and control characters; each word that holds at least one character the tokenizer
 * indexes (a letter, a digit, or a private-use character: unicode61's token characters) becomes a
 * double-quoted FTS5 string with inner quotes doubled. Inside quotes every FTS5 operator is plain
 * text: {@code AND}, {@code OR}, {@code NOT}, {@code NEAR(}, {@code -}, {@code *}, {@code ^},
 * {@code :}, parentheses and column filters all lose their meaning, so no input can cause an FTS5
 * syntax error or widen the query. Words are joined by spaces (implicit AND); the last one gets
 * {@code *} for search-as-you-type. Input with no such word gives {@code null}: run no query.
 */
public final class FtsQuery {
  private FtsQuery() {}

  /**
   * White space and control characters (NUL included: FTS5 would end the query there and report an
   * unterminated string). The tokenizer splits at these anyway, so splitting here changes no match.
   */
  public static final String SEPARATORS = "[\\p{Cc}\\p{Z}\\uFEFF]+";
  /** What unicode61 indexes: letters, numbers and private-use characters (its default categories L*, N*, Co). */
  public static final String TOKEN_CHARACTER = "[\\p{L}\\p{N}\\p{Co}]";

  private static final Pattern SPLIT = Pattern.compile(SEPARATORS);
  private static final Pattern TOKEN = Pattern.compile(TOKEN_CHARACTER);

  /** The MATCH expression for {@code input}, or null when nothing in it can match. */
  public static String toFtsQuery(String input, boolean prefixLast) {
    List<String> phrases = new ArrayList<>();
    for (String word : SPLIT.split(input, -1)) {
      if (TOKEN.matcher(word).find()) phrases.add('"' + word.replace("\"", "\"\"") + '"');
    }
    if (phrases.isEmpty()) return null;
    if (prefixLast) phrases.set(phrases.size() - 1, phrases.get(phrases.size() - 1) + "*");
    return String.join(" ", phrases);
  }

  public static String toFtsQuery(String input) {
    return toFtsQuery(input, true);
  }

  /** Restricts a {@link #toFtsQuery} expression to one column (an SQL column name from a fixed list, never user input). */
  public static String inColumn(String match, String sqlColumn) {
    return "{" + sqlColumn + "} : (" + match + ")";
  }
}
