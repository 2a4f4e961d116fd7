package dev.driftsmith.schema;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a schema step's statement leaves the tables of an empty database empty. A fresh install
 * has no rows; a database upgraded from empty has the rows its steps inserted (a feature's data
 * step: the node id the global-ids upgrade inserts, a table's first row), and a later step can
 * fail on them (a UNIQUE key taken) where it runs on the fresh install. So the fresh install stands
 * for the upgraded database only when no statement of the history can make a row from nothing.
 *
 * <p>Schema statements, UPDATE and DELETE change no row of empty tables (and so fire no trigger).
 * An INSERT does only when it copies rows of a table, as a table rebuild copies the old table into
 * the new one; anything else (VALUES, DEFAULT VALUES, a SELECT without a table or with a compound, an
 * aggregate or HAVING, which answer one row over no rows, a CREATE TABLE ... AS) is taken for one
 * that inserts, but for two that our own steps run: FTS5's 'rebuild', which indexes the rows of an
 * empty table, and sync's marker row, which a step sets in its meta table (no trigger is on it) to
 * keep the capture triggers quiet and deletes again before it ends. Erring the other way only costs a replay.
 */
final class EmptyTables {
  private EmptyTables() {}

  /** Read from the start only: a history holds megabytes of trigger text, read on every call its record confirms. */
  private static final Pattern SCHEMA_ONLY = Pattern.compile("(?i)\\s*(CREATE|DROP|ALTER|UPDATE|DELETE)\\s");
  private static final Pattern CREATE_AS = Pattern.compile("(?i)\\s*CREATE\\s+(TEMP\\w*\\s+)?TABLE\\s[^(]*\\sAS\\s");
  /** An INSERT of the rows a SELECT reads from one table: the select list, then the table and what follows it. */
  private static final Pattern COPY = Pattern.compile(
      "(?is)\\s*(INSERT|REPLACE)(\\s+OR\\s+\\w+)?\\s+INTO\\s+(\"[^\"]*\"|\\w+)\\s*\\([^()]*\\)\\s*SELECT\\s(.*)");
  private static final Pattern TABLE_AND_FILTER = Pattern.compile("(?is)\\s*(\"[^\"]*\"|\\w+)(\\s+WHERE\\s.*)?\\s*;?\\s*");
  private static final Pattern MAKES_A_ROW = Pattern.compile(
      "(?i)\\b(count|sum|total|avg|min|max|group_concat|string_agg|json_group_array|json_group_object|jsonb_group_array"
          + "|jsonb_group_object)\\s*\\(|\\b(HAVING|GROUP|UNION|INTERSECT|EXCEPT|VALUES)\\b");

  /** FTS5's command that indexes the rows of its content table again. */
  private static final Pattern FTS_REBUILD = Pattern.compile("(?i)\\s*INSERT\\s+INTO\\s+(\\w+)\\s*\\(\\s*\\1\\s*\\)\\s*VALUES\\s*\\(\\s*'rebuild'\\s*\\)\\s*");
  /** A keyed row of sync's meta table, set unless it is there. */
  private static final Pattern MARKER = Pattern.compile("INSERT INTO " + DeviceId.TABLE
      + " \\(meta_key, meta_value\\) VALUES \\('(\\w+)', '[^']*'\\) ON CONFLICT \\(meta_key\\) DO NOTHING");

  /** Whether the statements of one step, in order, leave every table of a database whose tables are empty without rows. */
  static boolean keepsEmpty(List<String> step) {
    Set<String> markersSet = new HashSet<>();
    for (int i = 0; i < step.size(); i++) {
      String sql = step.get(i);
      markersSet.removeIf(key -> sql.equals(clearing(key)));
      String source = copied(sql);
      // While a marker is set, the meta table holds it: a copy of that table copies it, an update may rekey it.
      boolean metaRead = source != null ? source.replace("\"", "").equalsIgnoreCase(DeviceId.TABLE) : updatesMeta(sql);
      if (metaRead && !markersSet.isEmpty()) return false;
      if (source != null || schemaOnly(sql) || FTS_REBUILD.matcher(sql).matches()) continue;
      Matcher marker = MARKER.matcher(sql);
      if (!marker.matches() || !step.subList(i + 1, step.size()).contains(clearing(marker.group(1)))) return false;
      markersSet.add(marker.group(1));
    }
    return true;
  }

  private static final Pattern UPDATE_META = Pattern.compile("(?i)\\s*UPDATE\\s+(OR\\s+\\w+\\s+)?\"?" + DeviceId.TABLE + "\\b");

  private static boolean updatesMeta(String sql) {
    return UPDATE_META.matcher(sql).lookingAt();
  }

  /** The statement that deletes sync's marker row {@code key}. */
  private static String clearing(String key) {
    return "DELETE FROM " + DeviceId.TABLE + " WHERE meta_key = '" + key + "'";
  }

  /** Whether {@code sql} leaves every table of a database whose tables are empty without rows. */
  static boolean keepsEmpty(String sql) {
    return schemaOnly(sql) || copied(sql) != null;
  }

  private static boolean schemaOnly(String sql) {
    return SCHEMA_ONLY.matcher(sql).lookingAt() && !CREATE_AS.matcher(sql).lookingAt();
  }

  /** The table whose rows {@code sql} copies, when it is an INSERT that makes a row only from a row of that table; else null. */
  private static String copied(String sql) {
    Matcher copy = COPY.matcher(sql);
    if (!copy.matches()) return null;
    // Subqueries run once per row of the outer table: none run over an empty one. Strings may hold any word.
    String outer = withoutSubqueries(withoutStrings(copy.group(4)));
    if (outer == null) return null;
    int from = outer.toUpperCase(Locale.ROOT).lastIndexOf(" FROM ");
    if (from < 0 || MAKES_A_ROW.matcher(outer).find()) return null;
    Matcher table = TABLE_AND_FILTER.matcher(outer.substring(from + 6));
    return table.matches() ? table.group(1) : null;
  }

  private static String withoutStrings(String sql) {
    return sql.replaceAll("'(?:[^']|'')*'", "''");
  }

  /** Whether {@code sql} reads SELECT from {@code from} on, after white space; no copy of the rest, which may be long. */
  private static boolean opensSelect(String sql, int from) {
    int i = from;
    while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) i++;
    return sql.regionMatches(true, i, "SELECT", 0, 6);
  }

  /** {@code sql} with each parenthesised SELECT cut out; null when its parentheses do not balance. */
  private static String withoutSubqueries(String sql) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '(' && opensSelect(sql, i + 1)) {
        int depth = 0;
        int j = i;
        for (; j < sql.length(); j++) {
          if (sql.charAt(j) == '(') depth++;
          else if (sql.charAt(j) == ')' && --depth == 0) break;
        }
        if (j == sql.length()) return null;
        out.append("(subquery)");
        i = j + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
