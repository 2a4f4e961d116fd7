package dev.driftsmith.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Locale;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlNamesTest {
  /** SQLite decides: a keyword it takes in CREATE TABLE but not in UPDATE ... SET is refused, a plain word is not. */
  @Test
  void keywordsThatBreakOneOfOurStatementShapesAreRefused() {
    assertFalse(SqlNames.usableUnquoted("order"));
    assertFalse(SqlNames.usableUnquoted("select"));
    assertFalse(SqlNames.usableUnquoted("group"));
    assertTrue(SqlNames.usableUnquoted("todo_items"));
    assertTrue(SqlNames.usableUnquoted("title"));
  }

  /**
   * The probes share one database: each one's tables, indexes and triggers are gone before the
   * next, so a name whose probe objects another probe already made (the index of {@code pairs} is
   * {@code pairs_idx}) and a name probed after a refused one are answered as on an empty database.
   */
  @Test
  void probesDoNotSeeEachOther() {
    assertTrue(SqlNames.usableUnquoted("pairs"));
    assertTrue(SqlNames.usableUnquoted("pairs_idx"));
    assertTrue(SqlNames.usableUnquoted("pairs_idx_t"));
    assertFalse(SqlNames.usableUnquoted("where"));
    assertTrue(SqlNames.usableUnquoted("after_where"));
  }

  /** A first validation of a project of plain names runs without loading SQLite's native library. */
  @Test
  void plainNamesAreDecidedWithoutAskingSqlite() {
    int before = SqlNames.probes();
    assertTrue(SqlNames.usableUnquoted("invoice_lines_0042"));
    assertTrue(SqlNames.usableUnquoted("updated_at"));
    assertTrue(SqlNames.usableUnquoted("Title"));
    assertEquals(before, SqlNames.probes());
    assertFalse(SqlNames.usableUnquoted("ORDER"));
    assertEquals(before + 1, SqlNames.probes());
  }

  /**
   * Where the answer is decided without SQLite, SQLite gives the same one: every keyword and words
   * next to keywords, names with a meaning of their own to SQLite (rowid, main, new, true), type and
   * function names, and the names the decision leaves to SQLite on purpose.
   */
  @Test
  void namesDecidedWithoutSqliteAreTheOnesItTakes() {
    List<String> words = new ArrayList<>(List.of(
        "rowid", "oid", "_rowid_", "main", "temp_x", "new", "old", "true", "false", "_", "a", "x1", "k_", "k___",
        "k__", "K__", "sqlite_master", "sqlite_x", "sqlitex", "integer", "text", "blob", "real", "numeric", "int",
        "date", "time", "datetime", "julianday", "count", "max", "min", "sum", "avg", "total", "coalesce",
        "ifnull", "iif", "nullif", "json", "json_extract", "printf", "format", "likelihood", "random", "changes",
        "strict", "stored", "excluded", "over_x", "user", "users", "value", "name", "id", "type", "data", "key_x",
        "status", "level", "position", "version", "comment", "deleted", "sync", "fts5", "rank", "bm25",
        "snippet", "highlight", "content", "content_rowid", "tokenize", "prefix", "detail", "columnsize",
        "merge", "automerge", "optimize", "rebuild", "integrity_check", "delete_all", "hidden", "unindexed"));
    for (String keyword : keywordsFromSqliteDocs()) {
      words.add(keyword);
      words.add(keyword.toUpperCase(Locale.ROOT));
      words.add(keyword + "s");
      words.add(keyword + "_at");
      words.add("is_" + keyword);
    }
    for (String word : words) {
      if (SqlNames.plainIdentifier(word)) assertTrue(SqlNames.compiles(word), word + " is taken without SQLite but SQLite refuses it");
    }
  }

  /**
   * SqlNames' keywords were compared with the keyword text compiled into this release's native library
   * (every keyword in it is on the list; the list has one more, {@code within}, which only costs a
   * probe). A new release may add keywords, which a plain-identifier answer would then take without
   * asking: bumping sqlite-jdbc stops here until the list is compared again and this version updated.
   */
  @Test
  void theKeywordListWasCheckedForTheBundledSqlite() throws SQLException {
    try (SqliteSandbox box = new SqliteSandbox();
        Statement statement = box.connection().createStatement();
        ResultSet version = statement.executeQuery("SELECT sqlite_version()")) {
      assertTrue(version.next());
      assertEquals("3.54.1", version.getString(1));
    }
  }

  /** Not the production list: the words a reader finds in SQLite's documentation of keywords, typed again. */
  private static List<String> keywordsFromSqliteDocs() {
    return List.of(("ABORT ACTION ADD AFTER ALL ALTER ALWAYS ANALYZE AND AS ASC ATTACH AUTOINCREMENT BEFORE BEGIN "
        + "BETWEEN BY CASCADE CASE CAST CHECK COLLATE COLUMN COMMIT CONFLICT CONSTRAINT CREATE CROSS CURRENT "
        + "CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP DATABASE DEFAULT DEFERRABLE DEFERRED DELETE DESC DETACH "
        + "DISTINCT DO DROP EACH ELSE END ESCAPE EXCEPT EXCLUDE EXCLUSIVE EXISTS EXPLAIN FAIL FILTER FIRST "
        + "FOLLOWING FOR FOREIGN FROM FULL GENERATED GLOB GROUP GROUPS HAVING IF IGNORE IMMEDIATE IN INDEX "
        + "INDEXED INITIALLY INNER INSERT INSTEAD INTERSECT INTO IS ISNULL JOIN KEY LAST LEFT LIKE LIMIT MATCH "
        + "MATERIALIZED NATURAL NO NOT NOTHING NOTNULL NULL NULLS OF OFFSET ON OR ORDER OTHERS OUTER OVER "
        + "PARTITION PLAN PRAGMA PRECEDING PRIMARY QUERY RAISE RANGE RECURSIVE REFERENCES REGEXP REINDEX RELEASE "
        + "RENAME REPLACE RESTRICT RETURNING RIGHT ROLLBACK ROW ROWS SAVEPOINT SELECT SET TABLE TEMP TEMPORARY "
        + "THEN TIES TO TRANSACTION TRIGGER UNBOUNDED UNION UNIQUE UPDATE USING VACUUM VALUES VIEW VIRTUAL WHEN "
        + "WHERE WINDOW WITH WITHIN WITHOUT").toLowerCase(Locale.ROOT).split(" "));
  }
}
