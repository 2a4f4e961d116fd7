package dev.driftsmith.feature.schema;

import dev.driftsmith.workspace.ManifestFiles;
import static dev.driftsmith.testing.TestEnv.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.feature.sync.SyncSettings;
import dev.driftsmith.feature.sync.SyncedTable;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.testing.DartSyntax;
import dev.driftsmith.testing.Schemas;
import dev.driftsmith.testing.TestEnv;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** drift_add_table's idType: an integer auto-increment key (the default) or a TEXT UUID key that SQLite sets. */
class IdTypeTest {
  static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

  @TempDir
  Path dir;
  final TestEnv env = new TestEnv();
  Path root;

  @BeforeEach
  void project() {
    root = env.project(dir.resolve("p"));
  }

  private String table(String extra) {
    return "{\"projectId\": \"p\", \"name\": \"items\", \"columns\": [{\"name\": \"title\", \"type\": \"text\"}]" + extra + "}";
  }

  @Test
  void aUuidKeyIsTextAndSqliteSetsADifferentUuidOnEveryInsert() throws Exception {
    env.call("drift_add_table", table(", \"idType\": \"uuid\""));
    String dart = TestEnv.read(root, "lib/data/tables/items.dart");
    assertEquals(List.of(), DartSyntax.problems(dart));
    assertContains(dart, "TextColumn get id => text().named('id').withDefault(const CustomExpression<String>(");
    assertContains(dart, "Set<Column> get primaryKey => { id };");
    var table = ManifestFiles.manifest(root).schema().table("items").orElseThrow();
    List<String> ids = new ArrayList<>();
    try (Connection db = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement s = db.createStatement()) {
      s.execute(SqlSchema.createTable(table));
      s.execute("INSERT INTO items (title) VALUES ('a'), ('b')");
      try (ResultSet rs = s.executeQuery("SELECT id, typeof(id) FROM items")) {
        while (rs.next()) {
          assertEquals("text", rs.getString(2));
          ids.add(rs.getString(1));
        }
      }
    }
    assertEquals(2, ids.size());
    assertTrue(ids.get(0).matches(UUID) && ids.get(1).matches(UUID), ids.toString());
    assertNotEquals(ids.get(0), ids.get(1));
  }

  @Test
  void aSyncedUuidTableIsIdentifiedByItsKeyAndGetsNoSyncId() throws Exception {
    env.call("drift_add_table", table(", \"idType\": \"uuid\""));
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"counters\", \"columns\": [{\"name\": \"n\", \"type\": \"integer\"}]}");
    Manifest m = Schemas.syncing(ManifestFiles.manifest(root), "items", "counters");
    SyncedTable items = Schemas.synced(m, "items");
    assertEquals(SyncedTable.Identity.OWN_KEY, items.identity());
    assertFalse(Schemas.of(m).require("items").column("syncId").isPresent(), "a UUID key is global already");
    assertEquals("r.id", items.recordId("r"));
    assertEquals(SyncedTable.Identity.SYNC_ID, Schemas.synced(m, "counters").identity(), "an integer key gets a sync_id");
    assertTrue(SyncSettings.sync(m).globalRecordIds());
  }

  @Test
  void theDefaultStaysAnIntegerAutoIncrementKey() {
    env.call("drift_add_table", table(""));
    assertContains(TestEnv.read(root, "lib/data/tables/items.dart"), "IntColumn get id => integer().named('id').autoIncrement()();");
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"others\", \"idType\": \"integer\", \"columns\": [{\"name\": \"title\", \"type\": \"text\"}]}");
    assertContains(TestEnv.read(root, "lib/data/tables/others.dart"), "IntColumn get id => integer().named('id').autoIncrement()();");
  }

  @Test
  void anUnknownIdTypeOrOneBesideADeclaredKeyIsRefused() {
    env.assertRefused(root, "drift_add_table", table(", \"idType\": \"guid\""), "idType", "guid");
    env.assertRefused(root, "drift_add_table", "{\"projectId\": \"p\", \"name\": \"items\", \"idType\": \"uuid\", \"columns\": ["
        + "{\"name\": \"code\", \"type\": \"text\", \"primaryKey\": true}]}", "idType", "primaryKey");
  }
}
