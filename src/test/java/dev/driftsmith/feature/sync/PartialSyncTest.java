package dev.driftsmith.feature.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.feature.sync.SyncQueries;
import dev.driftsmith.feature.sync.SyncedTable;
import dev.driftsmith.feature.sync.Tracking;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.schema.SqliteSandbox;
import dev.driftsmith.testing.Schemas;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.ManifestFiles;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Partial sync (field-level change tracking) on SQLite: the dirty set, deltas, clear-on-ack and field-wise merges, for both tracking strategies. */
class PartialSyncTest {
  static final Table DOCS = new Table("docs", List.of(
      new Column("id", ColumnType.INTEGER, false, true, true, false, null, null),
      new Column("title", ColumnType.TEXT, false, false, false, false, null, null),
      new Column("body", ColumnType.TEXT, true, false, false, false, null, null),
      new Column("pinned", ColumnType.BOOLEAN, false, false, false, false, false, null),
      new Column("cover", ColumnType.BLOB, true, false, false, false, null, null),
      new Column("views", ColumnType.INTEGER, false, false, false, false, 0L, null)), false, false, List.of());

  /** A project where {@code docs} (with {@code timestamps} when asked) syncs with partial sync by {@code strategy}. */
  static Manifest project(String strategy, boolean timestamps) {
    Table docs = new Table("docs", DOCS.columns(), timestamps, false, List.of());
    return Schemas.tracking(Schemas.syncing(Schemas.manifest(docs), "docs"), "docs", strategy);
  }

  static SyncedTable tracked(String strategy) {
    return Schemas.synced(project(strategy, false), "docs");
  }

  @TempDir
  Path dir;

  SqliteSandbox open(String strategy) throws SQLException {
    SqliteSandbox db = SqliteSandbox.with(Schemas.freshInstall(project(strategy, false)));
    db.execute("INSERT INTO docs (title, body) VALUES ('base', 'base')");
    sent(db); // the insert reached the server
    return db;
  }

  /** Marks every queued operation as sent and acknowledges it. */
  static void sent(SqliteSandbox db) throws SQLException {
    db.execute("DELETE FROM sync_outbox");
  }

  static Set<String> dirty(SqliteSandbox db, String strategy) throws SQLException {
    SyncedTable t = tracked(strategy);
    Set<String> out = new TreeSet<>();
    if ("field-level".equals(strategy)) {
      try (ResultSet rs = db.connection().createStatement().executeQuery("SELECT value FROM docs, json_each(docs.dirty_fields) WHERE docs.id = 1")) {
        while (rs.next()) out.add(rs.getString(1));
      }
    } else {
      long mask = ((Number) one(db, "SELECT dirty_mask FROM docs WHERE id = 1")).longValue();
      t.bits().forEach((column, bit) -> {
        if ((mask & (1L << bit)) != 0) out.add(column);
      });
    }
    return out;
  }

  static Object one(SqliteSandbox db, String sql) throws SQLException {
    try (ResultSet rs = db.connection().createStatement().executeQuery(sql)) {
      return rs.next() ? rs.getObject(1) : null;
    }
  }

  static Set<String> deltaKeys(SqliteSandbox db) throws SQLException {
    Set<String> out = new TreeSet<>();
    try (ResultSet rs = db.connection().createStatement().executeQuery(
        "SELECT j.key FROM sync_outbox o, json_each(o.payload) j WHERE o.op = 'update' ORDER BY o.seq")) {
      while (rs.next()) out.add(rs.getString(1));
    }
    return out;
  }

  /** The record id (sync_id) of doc {@code id}. */
  static String docId(SqliteSandbox db, long id) throws SQLException {
    return (String) one(db, "SELECT sync_id FROM docs WHERE id = " + id);
  }

  static void run(SqliteSandbox db, String sql, String... params) throws SQLException {
    try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) ps.setString(i + 1, params[i]);
      ps.execute();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"field-level", "column-bitmap"})
  void exactlyTheChangedColumnsAreMarked(String strategy) throws Exception {
    try (SqliteSandbox db = open(strategy)) {
      db.execute("UPDATE docs SET title = 'base', body = 'base' WHERE id = 1");
      assertEquals(Set.of(), dirty(db, strategy), "a value set to itself is no change");
      assertEquals(0L, ((Number) one(db, "SELECT count(*) FROM sync_outbox")).longValue(), "and nothing is queued");
      db.execute("UPDATE docs SET body = NULL WHERE id = 1");
      assertEquals(Set.of("body"), dirty(db, strategy), "a value to NULL");
      db.execute("UPDATE docs SET cover = x'01' WHERE id = 1");
      assertEquals(Set.of("body", "cover"), dirty(db, strategy), "NULL to a blob; marks accumulate");
      sent(db);
      db.execute("UPDATE docs SET " + ("field-level".equals(strategy) ? "dirty_fields = '[]'" : "dirty_mask = 0"));
      db.execute("UPDATE docs SET cover = x'01' WHERE id = 1");
      assertEquals(Set.of(), dirty(db, strategy), "the same bytes are no change");
      db.execute("UPDATE docs SET cover = x'02', pinned = 1, views = views + 1 WHERE id = 1");
      assertEquals(Set.of("cover", "pinned", "views"), dirty(db, strategy));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"field-level", "column-bitmap"})
  void updatesTravelAsDeltas(String strategy) throws Exception {
    try (SqliteSandbox db = open(strategy)) {
      db.execute("UPDATE docs SET title = 'new' WHERE id = 1");
      assertEquals("{\"title\":\"new\"}", one(db, "SELECT payload FROM sync_outbox"), "only the changed field, not the key or the dirty set");
      db.execute("UPDATE docs SET pinned = 1 WHERE id = 1");
      assertEquals(1L, ((Number) one(db, "SELECT count(*) FROM sync_outbox")).longValue(), "an unsent delta absorbs the next change");
      assertEquals("{\"title\":\"new\",\"pinned\":true}", one(db, "SELECT payload FROM sync_outbox"));
      db.execute("INSERT INTO docs (title) VALUES ('fresh')");
      db.execute("UPDATE docs SET body = 'b' WHERE id = 2");
      assertTrue(one(db, "SELECT payload FROM sync_outbox WHERE record_id = (SELECT sync_id FROM docs WHERE id = 2)").toString().contains("\"title\":\"fresh\""),
          "an unsent insert stays a whole row");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"field-level", "column-bitmap"})
  void dirtyClearsOnAckButNotForChangesMadeInFlight(String strategy) throws Exception {
    try (SqliteSandbox db = open(strategy)) {
      SyncedTable t = tracked(strategy);
      db.execute("UPDATE docs SET title = 'a' WHERE id = 1");
      db.execute("UPDATE sync_outbox SET state = 'inFlight', sent_at = '2026-01-01 00:00:00'");
      db.execute("UPDATE docs SET body = 'during flight' WHERE id = 1");
      assertEquals(Set.of("title", "body"), dirty(db, strategy));
      db.execute("DELETE FROM sync_outbox WHERE state = 'inFlight'"); // the ack of the first push
      db.execute(SyncQueries.BEGIN_REMOTE);
      run(db, SyncQueries.clearDirty(t), docId(db, 1));
      db.execute(SyncQueries.END_REMOTE);
      assertEquals(Set.of("body"), dirty(db, strategy), "the in-flight change stays dirty");
      assertEquals(1L, ((Number) one(db, "SELECT count(*) FROM sync_outbox")).longValue(), "clearing queued nothing");
      db.execute("DELETE FROM sync_outbox");
      db.execute(SyncQueries.BEGIN_REMOTE);
      run(db, SyncQueries.clearDirty(t), docId(db, 1));
      db.execute(SyncQueries.END_REMOTE);
      assertEquals(Set.of(), dirty(db, strategy));
    }
  }

  /** base: title/body 'base'. Here: title → 'local'. Server delta: title and body → 'server'. */
  SqliteSandbox threeWay(String strategy, PartialResolution mode, Set<String> serverWinsFields) throws Exception {
    SqliteSandbox db = open(strategy);
    SyncedTable t = tracked(strategy);
    db.execute("UPDATE docs SET title = 'local' WHERE id = 1");
    String delta = "{\"title\": \"server\", \"body\": \"server\"}";
    db.execute(SyncQueries.BEGIN_REMOTE);
    String drop = SyncQueries.dropLocalFields(t, mode, serverWinsFields);
    if (drop != null) {
      run(db, drop, delta, docId(db, 1));
      run(db, SyncQueries.DROP_EMPTY_UPDATES, "docs", docId(db, 1));
    }
    run(db, SyncQueries.applyDelta(t, mode, serverWinsFields), delta, docId(db, 1));
    db.execute(SyncQueries.END_REMOTE);
    return db;
  }

  @ParameterizedTest
  @ValueSource(strings = {"field-level", "column-bitmap"})
  void serverWinsOverwritesAndForgetsTheLocalChange(String strategy) throws Exception {
    try (SqliteSandbox db = threeWay(strategy, PartialResolution.SERVER_WINS, Set.of())) {
      assertEquals("server", one(db, "SELECT title FROM docs"));
      assertEquals("server", one(db, "SELECT body FROM docs"));
      assertEquals(Set.of(), dirty(db, strategy));
      assertEquals(0L, ((Number) one(db, "SELECT count(*) FROM sync_outbox")).longValue(), "nothing left to push");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"field-level", "column-bitmap"})
  void clientWinsKeepsLocallyDirtyFields(String strategy) throws Exception {
    try (SqliteSandbox db = threeWay(strategy, PartialResolution.CLIENT_WINS, Set.of())) {
      assertEquals("local", one(db, "SELECT title FROM docs"));
      assertEquals("server", one(db, "SELECT body FROM docs"), "a field not changed here takes the server's value");
      assertEquals(Set.of("title"), dirty(db, strategy));
      assertEquals(Set.of("title"), deltaKeys(db), "the local change still goes out");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"field-level", "column-bitmap"})
  void mergeTakesTheServersOtherFieldsAndAsksTheResolverForBothChanged(String strategy) throws Exception {
    try (SqliteSandbox db = threeWay(strategy, PartialResolution.MERGE, Set.of())) {
      assertEquals("local", one(db, "SELECT title FROM docs"), "changed on both sides: the resolver keeps the local change");
      assertEquals("server", one(db, "SELECT body FROM docs"));
    }
    try (SqliteSandbox db = threeWay(strategy, PartialResolution.MERGE, Set.of("title"))) {
      assertEquals("server", one(db, "SELECT title FROM docs"), "unless the field's strategy is serverWins");
      assertEquals(Set.of(), dirty(db, strategy));
      assertEquals(Set.of(), deltaKeys(db));
    }
  }

  /** With timestamps, one update fires the touch, tracking and capture triggers: one op, fresh values, the whole dirty set. */
  @ParameterizedTest
  @ValueSource(strings = {"field-level", "column-bitmap"})
  void triggersOnATimestampedTableAgree(String strategy) throws Exception {
    Manifest m = project(strategy, true);
    SyncedTable t = Schemas.synced(m, "docs");
    try (SqliteSandbox db = SqliteSandbox.with(Schemas.freshInstall(m))) {
      db.execute("INSERT INTO docs (title, created_at, updated_at) VALUES ('base', '2000-01-01 00:00:00', '2000-01-01 00:00:00')");
      sent(db);
      db.execute("UPDATE docs SET title = 'b' WHERE id = 1");
      assertEquals(1L, ((Number) one(db, "SELECT count(*) FROM sync_outbox")).longValue());
      String stored = (String) one(db, "SELECT updated_at FROM docs");
      assertTrue(stored.compareTo("2020") > 0, stored);
      assertEquals(stored, one(db, "SELECT json_extract(payload, '$.updated_at') FROM sync_outbox"), "the delta carries the stored updated_at");
      assertEquals("b", one(db, "SELECT json_extract(payload, '$.title') FROM sync_outbox"));
      assertEquals(Set.of("title", "updated_at"), dirtyOf(db, t));
      sent(db);
      db.execute("UPDATE docs SET pinned = 1, updated_at = '2001-02-03 04:05:06' WHERE id = 1");
      assertEquals("2001-02-03 04:05:06", one(db, "SELECT updated_at FROM docs"), "an explicit updated_at stays");
      assertEquals("2001-02-03 04:05:06", one(db, "SELECT json_extract(payload, '$.updated_at') FROM sync_outbox"));
    }
  }

  /** Rows with updates queued before partial sync started keep those fields dirty after the upgrade. */
  @Test
  void enablingTrackingMarksFieldsOfQueuedUpdatesDirty() throws Exception {
    TestEnv env = new TestEnv();
    Path root = env.project(dir.resolve("upgrade"));
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"docs\", \"columns\": [{\"name\": \"title\", \"type\": \"text\"}, {\"name\": \"body\", \"type\": \"text\"}]}");
    env.call("drift_enable_sync", "{\"projectId\": \"p\"}");
    Manifest before = ManifestFiles.manifest(root);
    env.call("drift_enable_partial_sync", "{\"projectId\": \"p\", \"tables\": [\"docs\"], \"trackingStrategy\": \"field-level\", \"conflictResolution\": \"merge\"}");
    Manifest after = ManifestFiles.manifest(root);
    try (SqliteSandbox db = SqliteSandbox.with(dev.driftsmith.schema.Migrations.replay(before.schema(), before.schema().version()))) {
      db.execute("INSERT INTO docs (title, body) VALUES ('a', 'b')");
      sent(db);
      db.execute("UPDATE docs SET title = 'changed offline' WHERE id = 1");
      db.executeAll(after.schema().history().get(after.schema().history().size() - 1).up());
      assertEquals(Set.of("title", "body"), dirtyOf(db, Schemas.synced(after, "docs")),
          "the queued whole-row update makes its fields dirty (conservative: local values win until confirmed)");
      assertEquals(0L, ((Number) one(db, "SELECT count(*) FROM sync_meta")).longValue(), "the guard is gone");
    }
  }

  static Set<String> dirtyOf(SqliteSandbox db, SyncedTable t) throws SQLException {
    Set<String> out = new TreeSet<>();
    if (t.tracking() == Tracking.FIELD_LEVEL) {
      try (ResultSet rs = db.connection().createStatement().executeQuery("SELECT value FROM docs, json_each(docs.dirty_fields) WHERE docs.id = 1")) {
        while (rs.next()) out.add(rs.getString(1));
      }
    } else {
      long mask = ((Number) one(db, "SELECT dirty_mask FROM docs WHERE id = 1")).longValue();
      t.bits().forEach((column, bit) -> {
        if ((mask & (1L << bit)) != 0) out.add(column);
      });
    }
    return out;
  }

  @Test
  void bitPositionsNeverMove() {
    SyncedTable tracked = tracked("column-bitmap");
    Map<String, Integer> bits = tracked.bits();
    assertEquals(Map.of("title", 0, "body", 1, "pinned", 2, "cover", 3, "views", 4), bits);
    List<Column> fewer = List.of(DOCS.columns().get(0), DOCS.columns().get(2), DOCS.columns().get(5),
        new Column("rank", ColumnType.INTEGER, true, false, false, false, null, null));
    SyncedTable changed = new SyncedTable(tracked.table().withColumns(fewer), Tracking.COLUMN_BITMAP, bits);
    assertEquals(1, changed.bits().get("body"));
    assertEquals(4, changed.bits().get("views"));
    assertEquals(5, changed.bits().get("rank"), "a new column takes the next free bit");
  }

  @Test
  void theToolTracksSyncsAndRecordsAStep() throws Exception {
    TestEnv env = new TestEnv();
    Path root = env.project(dir.resolve("p"));
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"docs\", \"columns\": [{\"name\": \"title\", \"type\": \"text\"}]}");
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"tags\", \"columns\": [{\"name\": \"label\", \"type\": \"text\"}]}");
    var result = env.call("drift_enable_partial_sync", "{\"projectId\": \"p\", \"tables\": [\"docs\"], \"trackingStrategy\": \"column-bitmap\", \"conflictResolution\": \"merge\"}");
    assertTrue(result.summary().contains("Added to sync"), result.summary());
    Manifest m = ManifestFiles.manifest(root);
    PartialSyncConfig docs = PartialSyncConfig.of(m, "docs").orElseThrow();
    assertEquals(Tracking.COLUMN_BITMAP, docs.trackingStrategy());
    assertEquals(Map.of("title", 0), docs.bits());
    assertTrue(TestEnv.read(root, "lib/data/sync/sync.drift").contains("CREATE TRIGGER docs_track_changes"));
    assertTrue(TestEnv.read(root, "lib/data/tables/docs.dart").contains("dirtyMask"));
    Map<String, String> files = TestEnv.files(root);
    env.call("drift_enable_partial_sync", "{\"projectId\": \"p\", \"tables\": [\"docs\"], \"trackingStrategy\": \"column-bitmap\", \"conflictResolution\": \"merge\"}");
    assertEquals(files, TestEnv.files(root), "the same call twice changes nothing");
    String[][] bad = {
        {"{\"projectId\": \"p\", \"tables\": [\"docs\"], \"trackingStrategy\": \"field-level\", \"conflictResolution\": \"merge\"}", "trackingStrategy"},
        {"{\"projectId\": \"p\", \"tables\": [], \"trackingStrategy\": \"field-level\", \"conflictResolution\": \"merge\"}", "tables"},
        {"{\"projectId\": \"p\", \"tables\": [\"nope\"], \"trackingStrategy\": \"field-level\", \"conflictResolution\": \"merge\"}", "tables[0]"},
        {"{\"projectId\": \"p\", \"tables\": [\"tags\"], \"trackingStrategy\": \"rows\", \"conflictResolution\": \"merge\"}", "trackingStrategy"},
        {"{\"projectId\": \"p\", \"tables\": [\"tags\"], \"trackingStrategy\": \"field-level\", \"conflictResolution\": \"serverWins\"}", "conflictResolution"}};
    for (String[] c : bad) {
      ToolException e = env.error("drift_enable_partial_sync", c[0]);
      assertTrue(e.getMessage().startsWith(c[1] + ":"), e.getMessage());
    }
    assertEquals(files, TestEnv.files(root), "refused calls change nothing");
    assertTrue(PartialSyncConfig.of(ManifestFiles.manifest(root), "tags").isEmpty());
  }
}
