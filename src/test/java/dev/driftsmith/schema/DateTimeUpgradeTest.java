package dev.driftsmith.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.gates.SqliteGateTest;
import dev.driftsmith.project.Manifest.DateTimeStorage;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestIo;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.testing.Schemas;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A project generated before date-times were stored as ISO-8601 UTC (the demo's manifest as the
 * previous release wrote it) gets one schema step that moves installed apps, proven on SQLite.
 */
class DateTimeUpgradeTest {
  static final String UTC_FORM = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

  static Manifest legacy;
  static Manifest upgraded;
  static SchemaStep step;

  @BeforeAll
  static void upgrade() throws Exception {
    legacy = legacyDemo();
    DateTimeUpgrade.Result result = DateTimeUpgrade.apply(Schemas.GENERATOR.schema(), legacy);
    upgraded = result.manifest();
    step = upgraded.schema().history().get(upgraded.schema().history().size() - 1);
    assertEquals(1, result.notes().size());
    assertTrue(result.notes().get(0).contains("Schema step 17"), result.notes().get(0));
  }

  static Manifest legacyDemo() throws IOException {
    try (InputStream in = DateTimeUpgradeTest.class.getResourceAsStream("/fixtures/before-utc-dates/driftsmith.yaml")) {
      return ManifestIo.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void anOlderManifestGetsExactlyOneStepAndTheMarker() throws Exception {
    assertEquals(DateTimeStorage.SQLITE_TEXT, legacy.database().dateTimes(), "no marker: the older format");
    assertTrue(Migrations.upgradeMismatch(Schemas.of(legacy)).isPresent(),
        "without the step, a fresh install (new defaults) would differ from an upgraded app (old defaults)");
    assertEquals(legacy.schema().version() + 1, upgraded.schema().version());
    assertEquals(legacy.schema().history(), upgraded.schema().history().subList(0, legacy.schema().history().size()),
        "earlier steps never change");
    assertEquals(DateTimeUpgrade.DESCRIPTION, step.description());
    assertEquals(DateTimeStorage.ISO8601_UTC, upgraded.database().dateTimes());
    assertEquals(legacy.schema().tables(), upgraded.schema().tables());
    DateTimeUpgrade.Result again = DateTimeUpgrade.apply(Schemas.GENERATOR.schema(), upgraded);
    assertSame(upgraded, again.manifest(), "a second load adds nothing");
    assertEquals(List.of(), again.notes());
    assertTrue(ManifestIo.toYaml(upgraded).contains("dateTimes: iso8601-utc"));
  }

  /** Only SQLite's own rows are left out: a table whose name merely begins with "sqlite" gets its times upgraded too. */
  @Test
  void aTableWhoseNameBeginsWithSqliteIsOneOfTheSchemasObjects() throws Exception {
    try (SqliteSandbox db = new SqliteSandbox()) {
      db.execute("CREATE TABLE sqlitelog (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT)");
      assertEquals(List.of("sqlitelog"), DateTimeUpgrade.entries(db).stream().map(DateTimeUpgrade.Entry::name).toList());
    }
  }

  @Test
  void newProjectsStartInTheFormatWithoutAStep() throws Exception {
    Manifest created = Manifest.create(new Manifest.ProjectInfo("p", "p", null, null, null));
    assertSame(created, DateTimeUpgrade.apply(Schemas.GENERATOR.schema(), created).manifest());
    Manifest emptyLegacy = created.withDatabase(created.database().withDateTimes(DateTimeStorage.SQLITE_TEXT));
    DateTimeUpgrade.Result result = DateTimeUpgrade.apply(Schemas.GENERATOR.schema(), emptyLegacy);
    assertEquals(1, result.manifest().schema().version(), "no table holds date-times: no step");
    assertEquals(DateTimeStorage.ISO8601_UTC, result.manifest().database().dateTimes());
  }

  /** From every earlier version, with rows in every table, upgrading yields exactly a fresh install. */
  @Test
  void upgradingFromEveryVersionYieldsTheFreshSchemaAndConvertsDefaults() throws Exception {
    Map<String, String> fresh;
    try (SqliteSandbox db = SqliteSandbox.with(Schemas.freshInstall(upgraded))) {
      fresh = db.snapshot();
    }
    for (int from = 1; from < upgraded.schema().version(); from++) {
      try (SqliteSandbox db = SqliteSandbox.with(Migrations.replay(upgraded.schema(), from))) {
        List<String> tables = new ArrayList<>(SqliteGateTest.fillEveryTable(db.connection(), upgraded).keySet());
        List<String> counts = counts(db, tables);
        for (SchemaStep s : upgraded.schema().history()) if (s.version() > from) db.executeAll(s.up());
        assertEquals(fresh, db.snapshot(), "upgrade from v" + from);
        assertEquals(counts, counts(db, tables), "rows kept from v" + from);
        assertTrue(strings(db, "PRAGMA foreign_key_check").isEmpty(), "foreign keys after upgrade from v" + from);
        if (from >= 4) {
          for (String at : strings(db, "SELECT created_at FROM todos UNION ALL SELECT updated_at FROM todos")) {
            assertTrue(at.matches(UTC_FORM), "v" + from + ": " + at);
          }
        }
      }
    }
  }

  /** An app installed at the last older version, with data, through the new step. */
  @Test
  void theStepRewritesOldValuesToTheSameInstantsAndTouchesNothingElse() throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(Migrations.replay(legacy.schema(), legacy.schema().version()))) {
      db.execute("INSERT INTO categories (name) VALUES ('home')");
      db.execute("INSERT INTO notes (title, body) VALUES ('milk', 'buy oat milk'), ('bread', 'rye')");
      db.execute("INSERT INTO todos (title, due_at) VALUES ('sqlite', '2024-05-01 09:00:00'), "
          + "('drift utc', '2024-05-01T10:30:00.000Z'), ('drift local', '2024-05-01T11:15:00.000 +02:00'), ('gone', NULL)");
      db.execute("UPDATE todos SET created_at = '2024-04-01 08:00:00', updated_at = '2024-04-02 08:00:00'");
      db.execute("DELETE FROM todos WHERE title = 'gone'");
      db.execute("UPDATE sync_outbox SET sent_at = '2024-05-01 09:00:00.250', next_attempt_at = '2024-05-01 09:01:00.250'");
      String outboxBefore = one(db, "SELECT group_concat(op_id || payload, '|') FROM sync_outbox");
      List<String> instantsBefore = strings(db, "SELECT julianday(created_at) || ' ' || julianday(updated_at) FROM todos ORDER BY id");
      assertEquals(List.of("2024-04-01 08:00:00"), strings(db, "SELECT DISTINCT created_at FROM todos"), "old form before");

      db.execute("PRAGMA foreign_keys = OFF"); // as the generated onUpgrade runs its steps
      db.executeAll(step.up());

      assertEquals(List.of("2024-05-01T09:00:00.000Z", "2024-05-01T10:30:00.000Z", "2024-05-01T11:15:00.000 +02:00"),
          strings(db, "SELECT due_at FROM todos ORDER BY id"), "old form rewritten, drift's forms kept");
      assertEquals(List.of("2024-04-01T08:00:00.000Z"), strings(db, "SELECT DISTINCT created_at FROM todos"));
      assertEquals(List.of("2024-04-02T08:00:00.000Z"), strings(db, "SELECT DISTINCT updated_at FROM todos"),
          "updated_at keeps its instant: the rewrite fires no touch trigger");
      assertEquals(instantsBefore, strings(db, "SELECT julianday(created_at) || ' ' || julianday(updated_at) FROM todos ORDER BY id"));
      assertEquals(outboxBefore, one(db, "SELECT group_concat(op_id || payload, '|') FROM sync_outbox"),
          "the rewrite queues nothing for the server");
      assertEquals("2024-05-01T09:00:00.250Z 2024-05-01T09:01:00.250Z", one(db, "SELECT DISTINCT sent_at || ' ' || next_attempt_at FROM sync_outbox"));
      for (String at : strings(db, "SELECT created_at FROM sync_outbox UNION ALL SELECT created_at FROM notes")) {
        assertTrue(at.matches(UTC_FORM), at);
      }

      db.execute("INSERT INTO todos (title) VALUES ('after')");
      assertEquals("5", one(db, "SELECT id FROM todos WHERE title = 'after'"), "the id of the deleted row is not handed out again");
      assertTrue(one(db, "SELECT created_at FROM todos WHERE title = 'after'").matches(UTC_FORM), "the new default");
      db.execute("UPDATE todos SET title = 'sqlite!' WHERE id = 1");
      assertTrue(one(db, "SELECT updated_at FROM todos WHERE id = 1").matches(UTC_FORM), "the new touch trigger");
      assertEquals("update", one(db, "SELECT op FROM sync_outbox WHERE entity = 'todos' AND record_id = '1' ORDER BY seq DESC LIMIT 1"),
          "capture triggers are back");
      assertEquals(List.of("milk"), strings(db, "SELECT n.title FROM notes_fts JOIN notes n ON n.id = notes_fts.rowid WHERE notes_fts MATCH 'oat'"),
          "full-text search still finds rows of the rebuilt table");
      assertEquals("1", one(db, "SELECT count(*) FROM sqlite_master WHERE name = 'notes_title_idx'"), "the hand-written index is kept");
    }
  }

  static List<String> counts(SqliteSandbox db, List<String> tables) throws SQLException {
    List<String> out = new ArrayList<>();
    for (String t : tables) out.add(t + ": " + one(db, "SELECT count(*) FROM \"" + t + "\""));
    return out;
  }

  static String one(SqliteSandbox db, String sql) throws SQLException {
    List<String> all = strings(db, sql);
    assertFalse(all.isEmpty(), sql);
    return all.get(0);
  }

  static List<String> strings(SqliteSandbox db, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) out.add(rs.getString(1));
    }
    return out;
  }
}
