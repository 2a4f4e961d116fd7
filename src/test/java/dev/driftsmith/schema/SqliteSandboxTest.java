package dev.driftsmith.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection-level guards every sandbox has, whatever SQL reaches it: proven by running the
 * forbidden statements directly, past the authorizer.
 */
class SqliteSandboxTest {
  /** Descriptions reused from an earlier snapshot never hide a change: ALTER TABLE rewrites the stored SQL they are keyed by. */
  @Test
  void aSnapshotThatReusesDescriptionsSeesEveryChange() throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(List.of("CREATE TABLE t (a INTEGER, b TEXT)", "CREATE INDEX t_b ON t (b)",
        "CREATE TABLE u (x INTEGER)"))) {
      Map<String, SqliteSandbox.Described> before = new HashMap<>();
      Map<String, String> first = db.snapshot(Map.of(), before);
      db.execute("ALTER TABLE t ADD COLUMN c TEXT NOT NULL DEFAULT 'x'");
      db.execute("ALTER TABLE t RENAME COLUMN b TO d");
      Map<String, SqliteSandbox.Described> after = new HashMap<>();
      Map<String, String> second = db.snapshot(before, after);
      assertEquals(db.snapshot(), second);
      assertNotEquals(first.get("table t"), second.get("table t"));
      assertNotEquals(first.get("index t_b"), second.get("index t_b"));
      assertEquals(first.get("table u"), second.get("table u"));
      assertEquals(3, after.size(), "only the objects the database has now are remembered");
    }
  }

  /**
   * A database compared with another (an upgrade with its fresh install) takes the other's
   * descriptions of the objects both hold, the very same ones, so a server keeps each once; an
   * object that differs between them gets its own.
   */
  @Test
  void aSnapshotSharesTheDescriptionsOfTheDatabaseItIsComparedWith() throws Exception {
    List<String> schema = List.of("CREATE TABLE t (a INTEGER, b TEXT)", "CREATE INDEX t_b ON t (b)",
        "CREATE TRIGGER t_touch AFTER UPDATE ON t BEGIN UPDATE t SET a = a + 1 WHERE rowid = NEW.rowid; END");
    try (SqliteSandbox fresh = SqliteSandbox.with(schema); SqliteSandbox upgraded = SqliteSandbox.with(schema)) {
      upgraded.execute("ALTER TABLE t ADD COLUMN c TEXT");
      Map<String, SqliteSandbox.Described> freshDescriptions = new HashMap<>();
      fresh.snapshot(Map.of(), freshDescriptions);
      Map<String, SqliteSandbox.Described> used = new HashMap<>();
      Map<String, String> shared = upgraded.snapshot(Map.of(), freshDescriptions, used);
      assertEquals(upgraded.snapshot(), shared);
      assertSame(freshDescriptions.get("index t_b"), used.get("index t_b"));
      assertSame(freshDescriptions.get("trigger t_touch"), used.get("trigger t_touch"));
      assertNotEquals(freshDescriptions.get("table t"), used.get("table t"), "the table with its new column is described anew");
      assertNotEquals(fresh.snapshot().get("table t"), shared.get("table t"));
    }
  }

  /** A trigger written as SQLite keeps it is its own description: a remembered one holds its text once. */
  /** Only SQLite's own objects are left out: a name that merely begins with "sqlite" is a table like any other. */
  @Test
  void aSnapshotListsATableWhoseNameBeginsWithSqlite() throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(List.of("CREATE TABLE sqlitelog (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT)",
        "CREATE INDEX sqlitelog_label ON sqlitelog (label)"))) {
      assertEquals(List.of("index sqlitelog_label", "table sqlitelog"), List.copyOf(db.snapshot().keySet()));
    }
  }

  /** A column added by hand to such a table, with no step that adds it, is a departure the proof finds. */
  @Test
  void aHandEditOfATableWhoseNameBeginsWithSqliteIsFound(@TempDir Path tmp) throws Exception {
    dev.driftsmith.testing.TestEnv env = new dev.driftsmith.testing.TestEnv();
    Path root = env.projectWithNotes(tmp.resolve("app"));
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"sqlitelog\", \"columns\": [{\"name\": \"label\", \"type\": \"text\"}]}");
    Path yaml = root.resolve(dev.driftsmith.project.Manifest.FILE_NAME);
    String label = "    - name: label\n      type: text\n";
    String text = Files.readString(yaml);
    assertTrue(text.contains(label), text);
    Files.writeString(yaml, text.replace(label, label + "    - name: body\n      type: text\n      nullable: true\n"));
    SchemaSteps steps = env.tools.context().projects().generator().steps();
    var departure = steps.departureInFull(dev.driftsmith.workspace.ManifestFiles.manifest(root));
    assertTrue(departure.isPresent(), "upgraded databases lack the column 'body' of sqlitelog, and the proof did not see it");
  }

  @Test
  void normalSqlIsItsOwnNormalForm() {
    String sql = "CREATE TRIGGER t_touch AFTER UPDATE ON t BEGIN UPDATE t SET a = 1; END";
    assertSame(sql, SqliteSandbox.normalise(sql));
    assertEquals("CREATE TRIGGER x AFTER UPDATE ON t BEGIN SELECT 1; END",
        SqliteSandbox.normalise(" CREATE TRIGGER \"x\"  AFTER UPDATE ON t\n BEGIN SELECT 1; END"));
  }

  @TempDir
  Path dir;

  @Test
  void extensionsCannotBeLoaded() throws Exception {
    try (SqliteSandbox db = new SqliteSandbox()) {
      SQLException e = assertThrows(SQLException.class, () -> db.execute("SELECT load_extension('" + dir.resolve("x.so") + "')"));
      assertTrue(e.getMessage().contains("not authorized"), e.getMessage());
    }
  }

  @Test
  void noOtherDatabaseCanBeAttached() throws Exception {
    Path other = dir.resolve("other.db");
    try (SqliteSandbox db = new SqliteSandbox()) {
      SQLException e = assertThrows(SQLException.class, () -> db.execute("ATTACH DATABASE '" + other + "' AS v"));
      assertTrue(e.getMessage().contains("too many attached databases - max 0"), e.getMessage());
    }
    assertFalse(Files.exists(other));
  }

  /** sqlite-jdbc's Statement.execute runs "backup to FILE" itself; the sandbox only prepares statements. */
  @Test
  void theDriversBackupAndRestoreCommandsDoNotRun() throws Exception {
    Path backup = dir.resolve("backup.db");
    try (SqliteSandbox db = SqliteSandbox.with(List.of("CREATE TABLE t (a)"))) {
      assertThrows(SQLException.class, () -> db.execute("backup to " + backup));
      assertThrows(SQLException.class, () -> db.execute("restore from " + backup));
      assertTrue(db.snapshot().containsKey("table t"));
    }
    assertFalse(Files.exists(backup));
  }

  @Test
  void hugeStringsAndStatementsHitSqlitesLimits() throws Exception {
    try (SqliteSandbox db = new SqliteSandbox()) {
      SQLException blob = assertThrows(SQLException.class, () -> db.execute("SELECT zeroblob(20000000)"));
      assertTrue(blob.getMessage().contains("string or blob too big"), blob.getMessage());
      SQLException statement = assertThrows(SQLException.class, () -> db.execute("SELECT '" + "x".repeat(1_000_001) + "'"));
      assertTrue(statement.getMessage().contains("statement too long"), statement.getMessage());
      SQLException depth = assertThrows(SQLException.class, () -> db.execute("SELECT 1" + " + 1".repeat(1100)));
      assertTrue(depth.getMessage().contains("Expression tree is too large"), depth.getMessage());
    }
  }

  @Test
  void aRunawayInsertFillsAtMostTheSandboxsPages() throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(List.of("CREATE TABLE t (b BLOB)"))) {
      SQLException e = assertThrows(SQLException.class, () -> db.execute("INSERT INTO t SELECT randomblob(4000) FROM "
          + "(WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r LIMIT 100000) SELECT n FROM r)"));
      assertTrue(e.getMessage().contains("full"), e.getMessage());
    }
  }

  /** Deserializing gives the connection a new main database, which SQLite opens without the page limit. */
  @Test
  void aCopyAndADatabaseReadFromAnImageKeepThePageLimit() throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(List.of("CREATE TABLE t (b BLOB)"));
         SqliteSandbox copy = db.copy();
         SqliteSandbox read = SqliteSandbox.fromImage(db.image())) {
      for (SqliteSandbox box : List.of(copy, read)) {
        try (Statement st = box.connection().createStatement(); ResultSet rs = st.executeQuery("PRAGMA max_page_count")) {
          assertTrue(rs.next());
          assertEquals(SqliteSandbox.MAX_PAGES, rs.getLong(1));
        }
      }
      SQLException e = assertThrows(SQLException.class, () -> read.execute("INSERT INTO t SELECT randomblob(4000) FROM "
          + "(WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r LIMIT 100000) SELECT n FROM r)"));
      assertTrue(e.getMessage().contains("full"), e.getMessage());
    }
  }

  /**
   * The pages of a large database stay out of this process's memory (a server keeps two databases
   * of a project's schema between calls): 40 MB of rows raise its resident memory by a few MB at
   * most, where an in-memory database grew it by all 40.
   */
  @Test
  void aLargeDatabasesPagesStayOutOfTheProcesssMemory() throws Exception {
    Path status = Path.of("/proc/self/status");
    assumeTrue(Files.isReadable(status), "only Linux says how much of a process is resident");
    try (SqliteSandbox db = SqliteSandbox.with(List.of("CREATE TABLE t (b BLOB)"))) {
      long before = residentKib(status);
      db.execute("INSERT INTO t SELECT randomblob(4000) FROM "
          + "(WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r LIMIT 10000) SELECT n FROM r)");
      long grown = residentKib(status) - before;
      assertTrue(grown < 12 * 1024, "40 MB of pages grew the process by " + grown + " KiB");
      assertRows(db, 10_000, 40_000_000L);
      // A kept upgrade holds its last step in an open transaction; one far larger than the cache still rolls back.
      db.execute("BEGIN");
      db.execute("DELETE FROM t WHERE rowid % 2 = 0");
      db.execute("INSERT INTO t SELECT zeroblob(4000) FROM t");
      db.execute("ROLLBACK");
      assertRows(db, 10_000, 40_000_000L);
    }
  }

  private static void assertRows(SqliteSandbox db, int rows, long bytes) throws SQLException {
    try (Statement st = db.connection().createStatement();
         ResultSet rs = st.executeQuery("SELECT count(*), sum(length(b)), count(DISTINCT b) FROM t")) {
      assertTrue(rs.next());
      assertEquals(rows, rs.getInt(1));
      assertEquals(bytes, rs.getLong(2));
      assertEquals(rows, rs.getInt(3), "every row still its own random blob");
    }
  }

  private static long residentKib(Path status) throws Exception {
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
    throw new AssertionError("no VmRSS in " + status);
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void untrustedStatementsAreInterruptedAfterTheTimeLimitAndTheConnectionStaysUsable() throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(List.of("CREATE TABLE t (a)"))) {
      long start = System.nanoTime();
      SQLException e = assertThrows(SQLException.class, () -> db.executeUntrusted(
          "INSERT INTO t SELECT count(*) FROM (WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r)"));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(e.getMessage().contains("never ends"), e.getMessage());
      assertTrue(millis >= SqliteSandbox.UNTRUSTED_TIME_LIMIT.toMillis() && millis < 20_000, "interrupted after " + millis + " ms");
      db.executeUntrusted("INSERT INTO t VALUES (1)");
      try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
        assertTrue(rs.next());
        assertEquals(1, rs.getInt(1));
      }
    }
  }

  @Test
  void aCopyIsIndependentOfItsOriginal() throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(List.of("CREATE TABLE t (a)", "INSERT INTO t VALUES (1)"));
         SqliteSandbox copy = db.copy()) {
      assertEquals(db.snapshot(), copy.snapshot());
      copy.execute("PRAGMA writable_schema = ON");
      copy.execute("DROP TABLE t");
      assertTrue(db.snapshot().containsKey("table t"));
      try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery("PRAGMA writable_schema")) {
        assertTrue(rs.next());
        assertEquals(0, rs.getInt(1));
      }
    }
  }
}
