package dev.driftsmith.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.ManifestFiles;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which statements of a step may leave rows in a database upgraded from empty, as SQLite runs them. */
class EmptyTablesTest {
  @TempDir
  Path tmp;

  private static final List<String> TABLES = List.of(
      "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT)",
      "CREATE TABLE u (id INTEGER PRIMARY KEY, a TEXT)",
      "CREATE TABLE sync_meta (meta_key TEXT PRIMARY KEY, meta_value TEXT)");

  @Test
  void statementsThatCopyOrChangeRowsOfEmptyTablesLeaveThemEmpty() throws Exception {
    for (String sql : List.of(
        "INSERT INTO \"u\" (\"id\", \"a\") SELECT \"id\", \"a\" FROM \"t\"",
        "INSERT INTO sqlite_sequence (name, seq) SELECT 'u', seq FROM sqlite_sequence WHERE name = 't'",
        "INSERT INTO u (id, a) SELECT id, (SELECT count(*) FROM t) FROM t",
        "UPDATE t SET a = 'x' WHERE a IS NULL",
        "DELETE FROM u",
        "ALTER TABLE t ADD COLUMN b TEXT")) {
      assertTrue(EmptyTables.keepsEmpty(sql), sql);
      assertEquals(0, rowsAfter(sql), sql);
    }
  }

  @Test
  void statementsThatMakeARowFromNothingAreSeen() throws Exception {
    for (String sql : List.of(
        "INSERT INTO u (id, a) VALUES (1, 'x')",
        "INSERT INTO u DEFAULT VALUES",
        "INSERT INTO u (id, a) SELECT count(*), 'x' FROM t",
        "INSERT INTO u (id, a) SELECT total(id), 'x' FROM t",
        "INSERT INTO u (id, a) SELECT id, a FROM t UNION ALL SELECT 2, 'y'",
        "INSERT INTO u (id, a) SELECT 1, 'x'",
        "INSERT INTO u (id, a) SELECT x, 'FROM t' FROM (SELECT 1 AS x)",
        "REPLACE INTO u (id, a) VALUES (1, 'x')",
        "CREATE TABLE v AS SELECT 1 AS x")) {
      assertFalse(EmptyTables.keepsEmpty(sql), sql);
      assertTrue(rowsAfter(sql) > 0, "the statement does make a row: " + sql);
    }
  }

  @Test
  void aMarkerRowIsEmptyOnlyWhenTheSameStepDeletesIt() {
    String set = "INSERT INTO sync_meta (meta_key, meta_value) VALUES ('applying_remote', '1') ON CONFLICT (meta_key) DO NOTHING";
    String clear = "DELETE FROM sync_meta WHERE meta_key = 'applying_remote'";
    assertTrue(EmptyTables.keepsEmpty(List.of(set, "UPDATE t SET a = a", clear)));
    assertFalse(EmptyTables.keepsEmpty(List.of(set, "UPDATE t SET a = a")));
    assertFalse(EmptyTables.keepsEmpty(List.of(clear, set)));
    String copy = "INSERT INTO u (id, a) SELECT rowid, meta_value FROM sync_meta";
    assertFalse(EmptyTables.keepsEmpty(List.of(set, copy, clear)), "the copy made while the marker is set keeps it");
    assertTrue(EmptyTables.keepsEmpty(List.of(set, clear, copy)));
    String rekey = "UPDATE sync_meta SET meta_key = 'kept' WHERE meta_key = 'applying_remote'";
    assertFalse(EmptyTables.keepsEmpty(List.of(set, rekey, clear)), "the marker row, rekeyed, outlives the delete");
  }

  /** The demo's steps (sync with its marker, full-text search with its rebuild) leave no row: its fresh install may stand in. */
  @Test
  void theDemosHistoryKeepsItsTablesEmpty() throws Exception {
    Path demo = TestEnv.demo(tmp.resolve("demo"));
    List<SchemaStep> history = ManifestFiles.manifest(demo).schema().history();
    for (SchemaStep step : history) assertTrue(EmptyTables.keepsEmpty(step.up()), step::toString);
  }

  /** The rows in t, u, sync_meta and v (when the statement made it) after {@code sql} ran on the empty tables. */
  private static long rowsAfter(String sql) throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(TABLES)) {
      db.execute(sql);
      long rows = 0;
      for (String table : List.of("t", "u", "sync_meta", "v")) {
        if (!db.snapshot().containsKey("table " + table)) continue;
        try (var st = db.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
          rs.next();
          rows += rs.getLong(1);
        }
      }
      return rows;
    }
  }
}
