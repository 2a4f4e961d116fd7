package dev.driftsmith.feature.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import dev.driftsmith.feature.sync.SyncQueries;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.project.Table;
import dev.driftsmith.schema.SqliteSandbox;
import dev.driftsmith.testing.Schemas;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.ManifestFiles;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audit logging on real SQLite: the capture triggers, the append-only guards, retention, the actor,
 * and the exact queries the generated Dart runs, as the tool records them.
 */
class AuditLogSqliteTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;
  TestEnv env;
  Path root;

  /** One row of audit_log, as an auditor reads it. */
  record Entry(long id, String entity, String recordId, String action, String userId, JsonNode before, JsonNode after, String at) {}

  @BeforeEach
  void project() {
    env = new TestEnv();
    root = env.project(dir.resolve("p"));
    env.call("drift_add_table", """
        {"projectId": "p", "name": "notes", "timestamps": true, "softDelete": true, "columns": [
          {"name": "title", "type": "text"}, {"name": "body", "type": "text", "nullable": true},
          {"name": "pinned", "type": "boolean", "defaultValue": false}, {"name": "cover", "type": "blob", "nullable": true}]}""");
    env.call("drift_add_table", """
        {"projectId": "p", "name": "people", "columns": [{"name": "uuid", "type": "text", "primaryKey": true}, {"name": "name", "type": "text"}]}""");
    env.call("drift_add_table", """
        {"projectId": "p", "name": "memberships", "columns": [
          {"name": "personId", "type": "integer", "primaryKey": true}, {"name": "groupId", "type": "integer", "primaryKey": true},
          {"name": "role", "type": "text"}]}""");
    env.call("drift_add_table", """
        {"projectId": "p", "name": "tags", "columns": [{"name": "label", "type": "text"}]}""");
  }

  Manifest enable(String tables, boolean user, boolean values, Integer retention) {
    env.call("drift_enable_audit_logging", """
        {"projectId": "p", "tables": %s, "captureUserInfo": %s, "captureBeforeAfter": %s%s}""".formatted(
        tables, user, values, retention == null ? "" : ", \"retentionDays\": " + retention));
    return manifest();
  }

  Manifest enableAll() {
    return enable("[\"notes\", \"people\", \"memberships\"]", true, true, 30);
  }

  Manifest manifest() {
    try {
      return ManifestFiles.manifest(root);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** A database as a fresh install creates it, opened as the app opens it (the open statements run). */
  static SqliteSandbox open(Manifest m) throws SQLException {
    SqliteSandbox db = SqliteSandbox.with(Schemas.freshInstall(m));
    db.executeAll(Schemas.of(m).openStatements());
    return db;
  }

  static List<Entry> entries(SqliteSandbox db) throws Exception {
    return query(db, "SELECT id, entity, record_id, \"action\", user_id, before_value, after_value, at FROM audit_log ORDER BY id");
  }

  static List<Entry> query(SqliteSandbox db, String sql, Object... args) throws Exception {
    List<Entry> out = new ArrayList<>();
    try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
              json(rs.getString(6)), json(rs.getString(7)), rs.getString(8)));
        }
      }
    }
    return out;
  }

  static JsonNode json(String text) throws Exception {
    return text == null ? null : JSON.readTree(text);
  }

  static void run(SqliteSandbox db, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
      ps.executeUpdate();
    }
  }

  static long count(SqliteSandbox db, String sql) throws SQLException {
    try (var st = db.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
      return rs.getLong(1);
    }
  }

  @Test
  void insertUpdateAndDeleteAreLoggedWithTheRowBeforeAndAfter() throws Exception {
    try (SqliteSandbox db = open(enableAll())) {
      run(db, AuditSql.SET_ACTOR, "alice");
      run(db, "INSERT INTO notes (title, body, cover) VALUES ('Plan', NULL, x'CAFE')");
      run(db, "UPDATE notes SET title = 'Plan B', pinned = 1 WHERE id = 1");
      run(db, AuditSql.SET_ACTOR, "bob");
      run(db, "DELETE FROM notes WHERE id = 1");
      List<Entry> log = entries(db);
      assertEquals(List.of("INSERT", "UPDATE", "DELETE"), log.stream().map(Entry::action).toList());
      assertEquals(List.of("alice", "alice", "bob"), log.stream().map(Entry::userId).toList());
      for (Entry e : log) {
        assertEquals("notes", e.entity());
        assertEquals("1", e.recordId());
        assertTrue(e.at().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), e.at());
      }
      Entry insert = log.get(0);
      assertNull(insert.before());
      assertEquals("Plan", insert.after().get("title").asString());
      assertTrue(insert.after().get("body").isNull(), "a null column is present as JSON null");
      assertTrue(insert.after().get("pinned").isBoolean() && !insert.after().get("pinned").asBoolean());
      assertEquals("CAFE", insert.after().get("cover").asString(), "blobs as hex");
      assertTrue(insert.after().has("created_at") && insert.after().has("deleted_at"));
      Entry update = log.get(1);
      assertEquals(insert.after(), update.before());
      assertEquals("Plan B", update.after().get("title").asString());
      assertTrue(update.after().get("pinned").asBoolean());
      Entry delete = log.get(2);
      assertEquals("Plan B", delete.before().get("title").asString());
      assertNull(delete.after());
    }
  }

  /** The touch trigger's second UPDATE (updated_at only) is not a change of its own: one user update, one record. */
  @Test
  void anUpdateThatChangesNothingIsNotLoggedAndTheTouchIsNotLoggedTwice() throws Exception {
    try (SqliteSandbox db = open(enableAll())) {
      run(db, "INSERT INTO notes (title, updated_at) VALUES ('Plan', '2020-01-01T00:00:00.000Z')");
      run(db, "UPDATE notes SET title = 'Plan' WHERE id = 1");
      run(db, "UPDATE notes SET updated_at = '2021-01-01T00:00:00.000Z' WHERE id = 1");
      assertEquals(1, entries(db).size(), "only the insert: the other updates changed no value but updated_at");
      run(db, "UPDATE notes SET body = 'text' WHERE id = 1");
      List<Entry> log = entries(db);
      assertEquals(2, log.size());
      assertTrue(count(db, "SELECT count(*) FROM notes WHERE updated_at > '2021-01-01T00:00:00.000Z'") == 1,
          "the touch trigger still moved updated_at");
      assertEquals("text", log.get(1).after().get("body").asString());
      run(db, "UPDATE notes SET deleted_at = '2022-01-01T00:00:00.000Z' WHERE id = 1");
      assertEquals("UPDATE", entries(db).get(2).action(), "a soft delete is an update of deleted_at");
    }
  }

  @Test
  void aRolledBackWriteLeavesNoRecord() throws Exception {
    try (SqliteSandbox db = open(enableAll())) {
      db.connection().setAutoCommit(false);
      run(db, "INSERT INTO notes (title) VALUES ('draft')");
      db.connection().rollback();
      db.connection().setAutoCommit(true);
      assertEquals(0, entries(db).size());
    }
  }

  @Test
  void textAndCompositeKeysAreRecordIds() throws Exception {
    try (SqliteSandbox db = open(enableAll())) {
      run(db, "INSERT INTO people (uuid, name) VALUES ('a-1', 'Ann')");
      run(db, "INSERT INTO memberships (person_id, group_id, role) VALUES (7, 9, 'owner')");
      run(db, "UPDATE memberships SET role = 'member' WHERE person_id = 7");
      List<Entry> log = entries(db);
      assertEquals(List.of("a-1", "[7,9]", "[7,9]"), log.stream().map(Entry::recordId).toList());
      assertEquals(2, query(db, AuditSql.TRAIL, "memberships", "[7,9]").size());
    }
  }

  @Test
  void withoutUserInfoOrValuesOnlyTheFactIsLogged() throws Exception {
    try (SqliteSandbox db = open(enable("[\"tags\"]", false, false, null))) {
      assertEquals(0, count(db, "SELECT count(*) FROM sqlite_master WHERE name = 'audit_actor'"), "no actor table without captureUserInfo");
      run(db, "INSERT INTO tags (label) VALUES ('x')");
      run(db, "UPDATE tags SET label = 'y'");
      Entry update = entries(db).get(1);
      assertEquals("UPDATE", update.action());
      assertNull(update.userId());
      assertNull(update.before());
      assertNull(update.after());
    }
  }

  @Test
  void unauditedTablesAreNotLogged() throws Exception {
    try (SqliteSandbox db = open(enableAll())) {
      run(db, "INSERT INTO tags (label) VALUES ('x')");
      assertEquals(0, entries(db).size());
    }
  }

  @Test
  void auditRowsCannotBeChangedOrDeletedWithoutRetention() throws Exception {
    try (SqliteSandbox db = open(enable("[\"tags\"]", true, true, null))) {
      run(db, "INSERT INTO tags (label) VALUES ('x')");
      run(db, "INSERT INTO audit_log (entity, record_id, \"action\", at) VALUES ('tags', '1', 'INSERT', '1990-01-01T00:00:00.000Z')");
      SQLException update = assertThrows(SQLException.class, () -> run(db, "UPDATE audit_log SET user_id = 'mallory'"));
      TestEnv.assertContains(update.getMessage(), "append-only");
      SQLException delete = assertThrows(SQLException.class, () -> run(db, "DELETE FROM audit_log"));
      TestEnv.assertContains(delete.getMessage(), "cannot be deleted");
      assertEquals(2, entries(db).size(), "not even a decades-old row can go without a retention period");
      assertThrows(SQLException.class, () -> run(db, "INSERT INTO audit_log (entity, record_id, \"action\", at) VALUES ('tags', '1', 'INSERT', 'soon')"),
          "a time julianday cannot read would escape retention");
      assertThrows(SQLException.class, () -> run(db, "INSERT INTO audit_log (entity, record_id, \"action\") VALUES ('tags', '1', 'UPSERT')"));
    }
  }

  @Test
  void retentionPurgesOnlyOldRowsAndOnlyOldRowsCanBeDeleted() throws Exception {
    Manifest m = enableAll();
    try (SqliteSandbox db = SqliteSandbox.with(Schemas.freshInstall(m))) {
      String insert = "INSERT INTO audit_log (entity, record_id, \"action\", at) VALUES ('notes', ?, 'INSERT', strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?))";
      run(db, insert, "old", "-31 days");
      run(db, insert, "edge", "-29 days");
      run(db, insert, "new", "-1 minutes");
      SQLException young = assertThrows(SQLException.class, () -> run(db, "DELETE FROM audit_log WHERE record_id = 'edge'"));
      TestEnv.assertContains(young.getMessage(), "kept 30 days");
      db.executeAll(Schemas.of(m).openStatements());
      assertEquals(List.of("edge", "new"), entries(db).stream().map(Entry::recordId).toList());
      db.executeAll(Schemas.of(m).openStatements());
      assertEquals(2, entries(db).size(), "the purge is idempotent");
    }
    assertTrue(Schemas.of(m).openStatements().contains(AuditSql.purge(30)));
  }

  @Test
  void theActorStaysUntilClearedAndIsOneRow() throws Exception {
    try (SqliteSandbox db = open(enableAll())) {
      run(db, AuditSql.SET_ACTOR, "alice");
      run(db, AuditSql.SET_ACTOR, "bob");
      assertEquals(1, count(db, "SELECT count(*) FROM audit_actor"));
      run(db, "INSERT INTO people (uuid, name) VALUES ('a', 'A')");
      run(db, AuditSql.CLEAR_ACTOR);
      run(db, "INSERT INTO people (uuid, name) VALUES ('b', 'B')");
      assertEquals(java.util.Arrays.asList("bob", null), entries(db).stream().map(Entry::userId).toList());
      assertThrows(SQLException.class, () -> run(db, "INSERT INTO audit_actor (id, user_id) VALUES (2, 'eve')"));
    }
  }

  @Test
  void auditorQueriesOrderNewestFirst() throws Exception {
    try (SqliteSandbox db = open(enableAll())) {
      String insert = "INSERT INTO audit_log (entity, record_id, \"action\", user_id, at) VALUES ('notes', ?, 'UPDATE', ?, ?)";
      run(db, insert, "1", "alice", "2024-01-01T00:00:00.000Z");
      run(db, insert, "1", "bob", "2024-03-01T00:00:00.000Z");
      run(db, insert, "1", "alice", "2024-02-01T00:00:00.000Z");
      run(db, insert, "2", "alice", "2024-02-01T00:00:00.000Z");
      run(db, insert, "1", "alice", "2024-02-01T00:00:00.000Z");
      assertEquals(List.of(2L, 5L, 3L, 1L), query(db, AuditSql.TRAIL, "notes", "1").stream().map(Entry::id).toList(),
          "newest first; the later row first within the same instant");
      assertEquals(List.of(5L, 4L, 3L), query(db, AuditSql.CHANGES_BY, "alice", "2024-02-01T00:00:00.000Z").stream()
          .map(Entry::id).toList(), "since is inclusive");
      assertEquals(List.of(5L, 4L, 3L), query(db, AuditSql.CHANGES_BY, "alice", "2024-02-01T01:00:00.000+01:00").stream()
          .map(Entry::id).toList(), "since in another zone is the same instant");
      assertEquals(List.of(5L, 4L, 3L), query(db, AuditSql.CHANGES_BY, "alice", "2024-02-01T00:00:00.000000Z").stream()
          .map(Entry::id).toList(), "Dart's toIso8601String with microseconds");
      assertEquals(List.of(2L, 5L), query(db, AuditSql.RECENT, 2).stream().map(Entry::id).toList());
    }
  }

  /** A column added to an audited table later: the step re-creates the triggers, and the new column is captured. */
  @Test
  void aColumnAddedLaterIsCapturedAfterTheUpgrade() throws Exception {
    Manifest before = enableAll();
    Table notes = before.schema().table("notes").orElseThrow();
    List<Column> columns = new ArrayList<>(notes.columns());
    columns.add(Column.of("mood", ColumnType.TEXT).asNullable());
    Manifest after = Schemas.record(before, before.withSchema(before.schema().withTables(before.schema().tables().stream()
        .map(t -> t.name().equals("notes") ? t.withColumns(columns) : t).toList())), "add notes.mood");
    SchemaStep step = after.schema().history().get(after.schema().history().size() - 1);
    assertTrue(step.up().contains("DROP TRIGGER IF EXISTS notes_audit_insert"), step.up().toString());
    try (SqliteSandbox db = open(before)) {
      run(db, "INSERT INTO notes (title) VALUES ('before')");
      db.executeAll(step.up());
      run(db, "INSERT INTO notes (title, mood) VALUES ('after', 'glad')");
      run(db, "UPDATE notes SET mood = 'calm' WHERE id = 2");
      List<Entry> log = entries(db);
      assertEquals(3, log.size(), "the upgrade kept the log: " + log);
      assertTrue(!log.get(0).after().has("mood"));
      assertEquals("glad", log.get(1).after().get("mood").asString());
      assertEquals("calm", log.get(2).after().get("mood").asString(), "a change of only the new column is logged");
    }
  }

  /**
   * Sync's bookkeeping columns are not the user's data: partial sync's tracking trigger writes the
   * dirty set in a second UPDATE, and that write is not logged; neither it nor the record id is captured.
   */
  @Test
  void featureBookkeepingIsNotLogged() throws Exception {
    Manifest m = Schemas.tracking(Schemas.syncing(enableAll(), "notes"), "notes", "field-level");
    Table declared = m.schema().table("notes").orElseThrow();
    List<String> contributed = Schemas.of(m).require("notes").allColumns().stream()
        .filter(c -> declared.column(c.name()).isEmpty()).map(Column::sqlName).toList();
    assertEquals(List.of("sync_id", "dirty_fields"), contributed, "sync adds the record id, partial sync its dirty set");
    String dirty = "dirty_fields";
    try (SqliteSandbox db = open(m)) {
      run(db, "INSERT INTO notes (title) VALUES ('Plan')");
      run(db, "UPDATE notes SET title = 'Plan B' WHERE id = 1");
      assertTrue(count(db, "SELECT count(*) FROM notes WHERE " + dirty + " IS NOT NULL") == 1, "the tracking trigger ran");
      List<Entry> log = entries(db);
      assertEquals(List.of("INSERT", "UPDATE"), log.stream().map(Entry::action).toList());
      for (String column : contributed) assertTrue(!log.get(1).after().has(column), log.get(1).after().toString());
    }
  }

  /** Changes the sync engine applies from the server were made elsewhere: they are logged, but not as this app's actor. */
  @Test
  void serverChangesAreLoggedWithoutTheLocalActor() throws Exception {
    Manifest m = Schemas.syncing(enableAll(), "notes");
    try (SqliteSandbox db = open(m)) {
      run(db, AuditSql.SET_ACTOR, "alice");
      run(db, "INSERT INTO notes (title) VALUES ('mine')");
      run(db, SyncQueries.BEGIN_REMOTE);
      run(db, "UPDATE notes SET title = 'theirs' WHERE id = 1");
      run(db, SyncQueries.END_REMOTE);
      run(db, "UPDATE notes SET title = 'mine again' WHERE id = 1");
      assertEquals(java.util.Arrays.asList("alice", null, "alice"), entries(db).stream().map(Entry::userId).toList());
    }
  }
}
