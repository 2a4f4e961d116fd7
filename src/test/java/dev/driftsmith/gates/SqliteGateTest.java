package dev.driftsmith.gates;

import dev.driftsmith.schema.SchemaObject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.project.keys.DaoConfig;
import dev.driftsmith.schema.Migrations;
import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.schema.SqliteSandbox;
import dev.driftsmith.testing.MigrationsDart;
import dev.driftsmith.testing.Schemas;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.ManifestFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite gate: the SQL we emit runs on real SQLite and behaves. The fixture is the demo
 * project, whose history has every kind of step (new tables, ALTER TABLE, junction, custom SQL).
 */
public class SqliteGateTest {
  @TempDir
  static Path dir;
  static Path root;
  static Manifest manifest;

  @BeforeAll
  static void buildDemo() throws Exception {
    root = TestEnv.demo(dir.resolve("demo"));
    manifest = ManifestFiles.manifest(root);
  }

  @Test
  void freshInstallDdlRuns() throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(Schemas.freshInstall(manifest))) {
      Map<String, String> snapshot = db.snapshot();
      for (var t : manifest.schema().tables()) assertTrue(snapshot.containsKey("table " + t.name()), t.name());
      assertTrue(snapshot.containsKey("trigger todos_touch_updated_at"));
      assertTrue(snapshot.containsKey("index notes_title_idx"), "custom migration runs on fresh installs too");
    }
  }

  /** From every earlier version, with rows in every table, upgrading yields the fresh schema and keeps the rows. */
  @Test
  void upgradingFromEveryEarlierVersionYieldsTheFreshSchema() throws Exception {
    Map<String, String> fresh;
    try (SqliteSandbox db = SqliteSandbox.with(Schemas.freshInstall(manifest))) {
      fresh = db.snapshot();
    }
    int current = manifest.schema().version();
    assertTrue(current >= 8, "the fixture should have a long history");
    for (int from = 1; from < current; from++) {
      try (SqliteSandbox db = SqliteSandbox.with(Migrations.replay(manifest.schema(), from))) {
        Map<String, Integer> rows = fillEveryTable(db.connection(), manifest);
        db.execute("PRAGMA foreign_keys = OFF"); // as the generated onUpgrade does
        for (SchemaStep step : manifest.schema().history()) {
          if (step.version() > from) db.executeAll(step.up());
        }
        assertEquals(fresh, db.snapshot(), "upgrade from v" + from);
        for (var e : rows.entrySet()) assertEquals(e.getValue(), count(db.connection(), e.getKey()), "rows of " + e.getKey() + " after upgrade from v" + from);
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery("PRAGMA foreign_key_check")) {
          assertTrue(!rs.next(), "foreign keys intact after upgrade from v" + from);
        }
      }
    }
  }

  /**
   * The SQL the generated migrations.dart runs (its steps' part files, by version) is exactly the SQL
   * this test class executes.
   */
  @Test
  void generatedDartCarriesTheTestedSql() {
    MigrationsDart dart = MigrationsDart.read(root);
    assertEquals(manifest.schema().history().stream().map(SchemaStep::version).toList(), List.copyOf(dart.upgrades().keySet()));
    List<String> expected = new ArrayList<>();
    manifest.schema().history().forEach(s -> expected.addAll(s.up()));
    assertEquals(expected, dart.allUpgrades());
    List<String> extras = new ArrayList<>();
    manifest.schema().history().stream().filter(SchemaStep::custom).forEach(s -> extras.addAll(s.up()));
    assertTrue(!extras.isEmpty(), "the fixture has a hand-written step");
    assertEquals(extras, dart.createExtras(), "a fresh install also runs the hand-written steps");
    String database = TestEnv.read(root, "lib/data/database.dart");
    TestEnv.assertContains(database, "int get schemaVersion => " + manifest.schema().version() + ";");
    TestEnv.assertContains(database, "import 'package:" + manifest.project().name() + "/data/migrations.dart';");
    assertTrue(!database.contains("CREATE TABLE"), "database.dart runs the steps of migrations.dart and holds none of their SQL");
    // Every object drift learns of from a .drift file is there with the SQL our tests run.
    for (var o : Schemas.of(manifest).objects()) {
      // Tables in a .drift file may carry a row-class name after their DDL.
      if (o.driftFile() != null) TestEnv.assertContains(TestEnv.read(root, "lib/data/" + o.driftFile()), o.sql());
    }
  }

  /**
   * From the newest version down to every earlier one, with rows in every table, the down steps
   * yield exactly the schema of that version (a replay of the steps up to it) and keep the rows of
   * every table that version has. Below a step without down statements the generated code refuses
   * to downgrade, so that path is checked for the missing entry instead.
   */
  @Test
  void downgradingFromTheNewestVersionToEveryEarlierOneYieldsItsSchema() throws Exception {
    int current = manifest.schema().version();
    int reversibleTo = current;
    while (reversibleTo > 1 && !step(reversibleTo).down().isEmpty()) reversibleTo--;
    assertTrue(reversibleTo <= 8, "the fixture should allow downgrades past its custom index (v9), lowest is v" + reversibleTo);
    for (int to = current - 1; to >= reversibleTo; to--) {
      try (SqliteSandbox expected = SqliteSandbox.with(Migrations.replay(manifest.schema(), to));
           SqliteSandbox db = SqliteSandbox.with(Migrations.replay(manifest.schema(), current))) {
        Map<String, Integer> rows = fillEveryTable(db.connection(), manifest);
        db.execute("PRAGMA foreign_keys = OFF"); // as the generated onUpgrade does
        for (int version = current; version > to; version--) {
          try {
            db.executeAll(step(version).down());
          } catch (SQLException e) {
            throw new AssertionError("downgrade from v" + current + " to v" + to + ": down steps of v" + version + " fail: " + e.getMessage(), e);
          }
        }
        Map<String, String> schema = expected.snapshot();
        assertSameSchema(schema, db.snapshot(), "downgrade from v" + current + " to v" + to);
        for (var e : rows.entrySet()) {
          if (schema.containsKey("table " + e.getKey())) {
            assertEquals(e.getValue(), count(db.connection(), e.getKey()), "rows of " + e.getKey() + " after downgrade to v" + to);
          }
        }
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery("PRAGMA foreign_key_check")) {
          assertTrue(!rs.next(), "foreign keys intact after downgrade to v" + to);
        }
      }
    }
    assertTrue(!MigrationsDart.read(root).downgrades().containsKey(reversibleTo),
        "v" + reversibleTo + " has no down statements, so the generated onUpgrade must refuse to downgrade below it");
  }

  /** The down SQL the generated migrations.dart runs is exactly the SQL the downgrade test runs. */
  @Test
  void generatedDartCarriesTheTestedDownSql() {
    List<String> expected = new ArrayList<>();
    manifest.schema().history().forEach(s -> expected.addAll(s.down()));
    assertEquals(expected, MigrationsDart.read(root).allDowngrades());
  }

  static SchemaStep step(int version) {
    return manifest.schema().history().stream().filter(s -> s.version() == version).findFirst().orElseThrow();
  }

  @Test
  void updatedAtTriggerFiresOnEveryUpdateButRespectsExplicitValues() throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(Schemas.freshInstall(manifest))) {
      Connection c = db.connection();
      db.execute("INSERT INTO todos (title, created_at, updated_at) VALUES ('a', '2000-01-01 00:00:00', '2000-01-01 00:00:00')");
      db.execute("UPDATE todos SET title = 'b' WHERE id = 1");
      String touched = single(c, "SELECT updated_at FROM todos WHERE id = 1");
      assertNotEquals("2000-01-01 00:00:00", touched);
      assertTrue(touched.compareTo("2020") > 0, touched);
      db.execute("UPDATE todos SET title = 'c', updated_at = '2001-02-03 04:05:06' WHERE id = 1");
      assertEquals("2001-02-03 04:05:06", single(c, "SELECT updated_at FROM todos WHERE id = 1"));
      assertEquals("2000-01-01 00:00:00", single(c, "SELECT created_at FROM todos WHERE id = 1"));
    }
  }

  @Test
  void constraintsAndForeignKeysBehave() throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(Schemas.freshInstall(manifest))) {
      Connection c = db.connection();
      db.execute("PRAGMA foreign_keys = ON"); // what beforeOpen does
      db.execute("INSERT INTO categories (name) VALUES ('work')");
      assertEquals("#9E9E9E", single(c, "SELECT color FROM categories WHERE id = 1"), "text default");
      assertThrows(SQLException.class, () -> db.execute("INSERT INTO categories (name) VALUES ('work')"), "unique");
      assertThrows(SQLException.class, () -> db.execute("INSERT INTO todos (title, done) VALUES ('x', 2)"), "boolean check");
      assertThrows(SQLException.class, () -> db.execute("INSERT INTO todos (title, category_id) VALUES ('x', 99)"), "foreign key");
      db.execute("INSERT INTO todos (title, category_id) VALUES ('t', 1)");
      db.execute("INSERT INTO tags (label) VALUES ('home')");
      db.execute("INSERT INTO todos_tags (todo_id, tag_id) VALUES (1, 1)");
      assertThrows(SQLException.class, () -> db.execute("INSERT INTO todos_tags (todo_id, tag_id) VALUES (1, 1)"), "composite key");
      assertEquals("0", single(c, "SELECT done FROM todos WHERE id = 1"));
      assertEquals("2", single(c, "SELECT priority FROM todos WHERE id = 1"));
      db.execute("DELETE FROM categories WHERE id = 1");
      assertEquals(null, single(c, "SELECT category_id FROM todos WHERE id = 1"), "ON DELETE SET NULL");
      db.execute("DELETE FROM todos WHERE id = 1");
      assertEquals("0", single(c, "SELECT COUNT(*) FROM todos_tags"), "ON DELETE CASCADE on the junction");
    }
  }

  /** Every custom DAO query runs with bound parameters and returns the right rows. */
  @Test
  void customDaoQueriesReturnTheRightRows() throws Exception {
    Map<String, DaoConfig.CustomMethod> methods = new LinkedHashMap<>();
    for (DaoConfig dao : DaoConfig.all(manifest)) dao.customMethods().forEach(m -> methods.put(m.name(), m));
    assertEquals(Set.of("pinnedNotes", "openInCategory", "withTag", "countOpen", "completeOverdue"), methods.keySet());
    try (SqliteSandbox db = SqliteSandbox.with(Schemas.freshInstall(manifest))) {
      Connection c = db.connection();
      db.execute("INSERT INTO categories (name) VALUES ('work'), ('home')");
      db.execute("INSERT INTO todos (title, done, priority, category_id, due_at) VALUES "
          + "('late', 0, 1, 1, '2020-01-01T00:00:00.000Z'), ('done', 1, 1, 1, NULL), ('soon', 0, 3, 1, '2030-01-01T00:00:00.000Z'), ('other', 0, 1, 2, NULL)");
      db.execute("INSERT INTO tags (label) VALUES ('urgent'), ('later')");
      db.execute("INSERT INTO todos_tags (todo_id, tag_id) VALUES (1, 1), (3, 2), (4, 1)");
      db.execute("INSERT INTO notes (title, pinned) VALUES ('p', 1), ('q', 0), ('r', 1)");
      db.execute("UPDATE notes SET deleted_at = '2024-01-01' WHERE title = 'r'");
      assertEquals(List.of("late", "soon"), column(c, methods.get("openInCategory").query(), "title", 1));
      assertEquals(List.of("late", "other"), column(c, methods.get("withTag").query(), "title", "urgent"));
      assertEquals(List.of("3"), column(c, methods.get("countOpen").query(), methods.get("countOpen").resultColumn()));
      assertEquals(List.of("p"), column(c, methods.get("pinnedNotes").query(), "title"));
      try (PreparedStatement st = c.prepareStatement(methods.get("completeOverdue").query())) {
        st.setString(1, "2025-06-01T00:00:00.000Z");
        assertEquals(1, st.executeUpdate());
      }
      assertEquals("1", single(c, "SELECT done FROM todos WHERE title = 'late'"));
    }
  }

  // --- helpers -------------------------------------------------------------------------------

  /**
   * Inserts two rows into every ordinary table of {@code m}'s database, filling each NOT NULL column
   * without a default. Virtual tables and their shadow tables (as SQLite lists them) are left to
   * their triggers, and so are the tables features add of their own (the outbox, the audit log):
   * they hold what their triggers write, under their own CHECKs, and their own tests fill them.
   */
  public static Map<String, Integer> fillEveryTable(Connection c, Manifest m) throws SQLException {
    Set<String> featureTables = new HashSet<>();
    Schemas.of(m).systemObjects().stream().filter(o -> o.kind() == SchemaObject.Kind.TABLE).forEach(o -> featureTables.add(o.name()));
    List<String> tables = new ArrayList<>();
    try (Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT m.name FROM sqlite_master m JOIN pragma_table_list l ON l.schema = 'main' AND l.name = m.name "
             + "WHERE l.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.rowid")) {
      while (rs.next()) {
        if (!featureTables.contains(rs.getString(1))) tables.add(rs.getString(1));
      }
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String table : tables) {
      Set<String> foreign = new HashSet<>();
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA foreign_key_list(\"" + table + "\")")) {
        while (rs.next()) foreign.add(rs.getString("from"));
      }
      for (int row = 0; row < 2; row++) {
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(\"" + table + "\")")) {
          while (rs.next()) {
            boolean required = rs.getInt("notnull") == 1 && rs.getString("dflt_value") == null;
            boolean rowid = rs.getInt("pk") == 1 && rs.getString("type").equalsIgnoreCase("INTEGER") && !foreign.contains(rs.getString("name"));
            if (!required || rowid) continue;
            String name = rs.getString("name");
            names.add("\"" + name + "\"");
            values.add(switch (rs.getString("type").toUpperCase()) {
              case "INTEGER" -> String.valueOf(foreign.contains(name) ? row + 1 : row);
              case "REAL" -> row + ".5";
              case "BLOB" -> "x'0" + row + "'";
              default -> "'" + table + "_" + name + "_" + row + "'";
            });
          }
        }
        String sql = names.isEmpty() ? "INSERT INTO \"" + table + "\" DEFAULT VALUES"
            : "INSERT INTO \"" + table + "\" (" + String.join(", ", names) + ") VALUES (" + String.join(", ", values) + ")";
        try (Statement st = c.createStatement()) {
          st.execute(sql);
        }
      }
      counts.put(table, 2);
    }
    return counts;
  }

  /** Equal snapshots, or a failure that names the first object that differs (not two pages of DDL). */
  static void assertSameSchema(Map<String, String> expected, Map<String, String> actual, String what) {
    Set<String> names = new java.util.TreeSet<>(expected.keySet());
    names.addAll(actual.keySet());
    for (String name : names) {
      assertEquals(expected.get(name), actual.get(name), what + ": " + name);
    }
  }

  static int count(Connection c, String table) throws SQLException {
    return Integer.parseInt(single(c, "SELECT COUNT(*) FROM \"" + table + "\""));
  }

  static String single(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : "<no row>";
    }
  }

  static List<String> column(Connection c, String sql, String column, Object... params) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) st.setObject(i + 1, params[i]);
      List<String> out = new ArrayList<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) out.add(rs.getString(column));
      }
      return out;
    }
  }

}
