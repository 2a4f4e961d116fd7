package dev.driftsmith.feature.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestIo;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.project.keys.SyncConfig;
import dev.driftsmith.schema.Migrations;
import dev.driftsmith.schema.SqliteSandbox;
import dev.driftsmith.testing.Schemas;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo as the release before global record ids generated it (protocol 1): an installed app with
 * rows and changes queued by the version 1 triggers, some confirmed, some in flight, a delete of a
 * confirmed row, a deferred server change, takes the step that loading the project records. After
 * it, every row has a sync_id and everything queued names records and parents by their global ids.
 */
class GlobalIdsUpgradeTest {
  static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

  static Manifest legacy;
  static Manifest upgraded;
  static SchemaStep step;
  static List<String> notes = new ArrayList<>();

  @BeforeAll
  static void upgrade() throws Exception {
    try (InputStream in = GlobalIdsUpgradeTest.class.getResourceAsStream("/fixtures/before-global-ids/driftsmith.yaml")) {
      legacy = ManifestIo.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    upgraded = GlobalIdsUpgrade.apply(legacy, Schemas.steps(), notes);
    step = upgraded.schema().history().get(upgraded.schema().history().size() - 1);
  }

  @Test
  void anOlderProjectGetsOneProvenStepAndTheProtocol() throws Exception {
    assertEquals(SyncConfig.LEGACY_PROTOCOL, SyncSettings.sync(legacy).protocol(), "no protocol in the manifest: version 1");
    assertEquals(legacy.schema().version() + 1, upgraded.schema().version());
    assertEquals(legacy.schema().history(), upgraded.schema().history().subList(0, legacy.schema().history().size()));
    assertEquals(GlobalIdsUpgrade.DESCRIPTION, step.description());
    assertEquals(SyncConfig.CURRENT_PROTOCOL, SyncSettings.sync(upgraded).protocol());
    assertTrue(ManifestIo.toYaml(upgraded).contains("protocol: 2"));
    assertTrue(Migrations.upgradeMismatch(Schemas.of(upgraded)).isEmpty(), "upgraded apps equal fresh installs");
    assertEquals(1, notes.size());
    assertTrue(notes.get(0).contains("Schema step " + upgraded.schema().version()), notes.get(0));
    List<String> again = new ArrayList<>();
    assertSame(upgraded, GlobalIdsUpgrade.apply(upgraded, Schemas.steps(), again), "a second load adds nothing");
    assertEquals(List.of(), again);
  }

  @Test
  void queuedChangesMoveToTheGlobalIdsAndNoneIsLost() throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(Migrations.replay(legacy.schema(), legacy.schema().version()))) {
      db.execute("PRAGMA foreign_keys = ON");
      db.execute("INSERT INTO categories (name) VALUES ('home'), ('work'), ('old')");
      db.execute("INSERT INTO tags (label) VALUES ('red')");
      db.execute("INSERT INTO todos (title, category_id) VALUES ('milk', 2)");
      db.execute("INSERT INTO todos_tags (todo_id, tag_id) VALUES (1, 1)");
      // The server confirmed the categories and the tag (version 1 ids) before the upgrade.
      for (String entity : List.of("categories", "tags")) {
        db.execute("DELETE FROM sync_outbox WHERE entity = '" + entity + "'");
      }
      for (String id : List.of("1", "2", "3")) db.execute("INSERT INTO sync_records VALUES ('categories', '" + id + "', 4)");
      db.execute("INSERT INTO sync_records VALUES ('tags', '1', 2)");
      db.execute("UPDATE categories SET name = 'office' WHERE id = 2");
      db.execute("DELETE FROM categories WHERE id = 3");
      // The todo's insert was on its way when the app stopped; the server sent a change of 'home' meanwhile.
      db.execute("UPDATE sync_outbox SET state = 'inFlight', sent_at = '2026-01-01T00:00:00.000Z' WHERE entity = 'todos'");
      db.execute("INSERT INTO sync_deferred VALUES ('categories', '1', 'upsert', '{\"id\":1,\"name\":\"Home\"}', 5)");
      db.execute("INSERT INTO sync_meta VALUES ('cursor', 'v1-cursor')");
      assertEquals("1", one(db, "SELECT record_id FROM sync_outbox WHERE entity = 'todos'"), "version 1: the local key");
      List<Map<String, Object>> before = rows(db, "SELECT op_id, entity, op FROM sync_outbox ORDER BY seq");
      assertEquals(4, before.size(), "update and delete of categories, todo insert, link insert");

      db.execute("PRAGMA foreign_keys = OFF"); // as the generated onUpgrade runs the steps
      for (String sql : step.up()) db.executeStored(sql);
      db.execute("PRAGMA foreign_keys = ON");

      assertEquals(before, rows(db, "SELECT op_id, entity, op FROM sync_outbox ORDER BY seq"), "every operation, in order, same op ids");
      Set<String> ids = new TreeSet<>();
      for (String table : List.of("categories", "todos", "tags")) {
        for (Map<String, Object> row : rows(db, "SELECT sync_id FROM " + table)) {
          assertTrue(String.valueOf(row.get("sync_id")).matches(UUID), table + ": " + row);
          ids.add((String) row.get("sync_id"));
        }
      }
      assertEquals(4, ids.size(), "every row has its own sync_id");
      String work = one(db, "SELECT sync_id FROM categories WHERE id = 2");
      String milk = one(db, "SELECT sync_id FROM todos WHERE id = 1");
      String red = one(db, "SELECT sync_id FROM tags WHERE id = 1");
      String node = one(db, "SELECT meta_value FROM sync_meta WHERE meta_key = 'node_id'");

      Map<String, Object> update = rows(db, "SELECT * FROM sync_outbox WHERE entity = 'categories' AND op = 'update'").get(0);
      assertEquals(work, update.get("record_id"));
      assertEquals(4L, update.get("base_version"), "the version known for the record stays");
      assertNull(one(db, "SELECT json_extract(payload, '$.id') FROM sync_outbox WHERE entity = 'categories' AND op = 'update'"),
          "the local key no longer travels");
      assertEquals("v1-" + node + "-3", one(db, "SELECT record_id FROM sync_outbox WHERE op = 'delete'"),
          "a deleted row's record gets an id unique to this device");

      Map<String, Object> todo = rows(db, "SELECT * FROM sync_outbox WHERE entity = 'todos'").get(0);
      assertEquals(milk, todo.get("record_id"));
      assertEquals("pending", todo.get("state"), "in flight goes back to the queue, to be sent under the new id");
      assertEquals(work, one(db, "SELECT json_extract(payload, '$.category_id') FROM sync_outbox WHERE entity = 'todos'"),
          "the reference travels as the parent's record id");
      assertEquals("[\"categories:" + work + "\"]", todo.get("parents"));

      Map<String, Object> link = rows(db, "SELECT * FROM sync_outbox WHERE entity = 'todos_tags'").get(0);
      assertEquals("[\"" + milk + "\",\"" + red + "\"]", link.get("record_id"), "a composite key of the parents' record ids");
      assertTrue(link.get("parents").toString().contains("todos:" + milk) && link.get("parents").toString().contains("tags:" + red),
          link.get("parents").toString());

      assertEquals(Set.of("categories:" + work, "categories:" + one(db, "SELECT sync_id FROM categories WHERE id = 1"),
              "categories:v1-" + node + "-3", "tags:" + red),
          new TreeSet<>(rows(db, "SELECT entity || ':' || record_id AS k FROM sync_records").stream().map(r -> (String) r.get("k")).toList()),
          "versions are kept under the new ids");
      assertEquals(one(db, "SELECT sync_id FROM categories WHERE id = 1"), one(db, "SELECT record_id FROM sync_deferred"));
      assertNull(one(db, "SELECT json_extract(payload, '$.id') FROM sync_deferred"));
      assertNull(one(db, "SELECT meta_value FROM sync_meta WHERE meta_key = 'cursor'"), "the pull starts over");

      // The new triggers queue under the global ids.
      db.execute("UPDATE todos SET title = 'oat milk' WHERE id = 1");
      assertEquals(milk, one(db, "SELECT record_id FROM sync_outbox WHERE entity = 'todos' AND op = 'update'"));
      // Running the rows part again changes nothing: it only rewrites ids in the old form.
      List<Map<String, Object>> queued = rows(db, "SELECT * FROM sync_outbox ORDER BY seq");
      for (String sql : GlobalIdsUpgrade.rows(upgraded, Schemas.of(upgraded))) db.executeStored(sql);
      assertEquals(queued, rows(db, "SELECT * FROM sync_outbox ORDER BY seq"));
    }
  }

  @Test
  void newProjectsSpeakTheCurrentProtocolWithoutAStep() throws Exception {
    Manifest fresh = Schemas.syncing(Schemas.manifest(), new String[0]);
    assertEquals(SyncConfig.CURRENT_PROTOCOL, SyncSettings.sync(fresh).protocol());
    assertSame(fresh, GlobalIdsUpgrade.apply(fresh, Schemas.steps(), new ArrayList<>()));
    assertFalse(SyncSettings.sync(legacy).globalRecordIds());
  }

  static String one(SqliteSandbox db, String sql) throws SQLException {
    List<Map<String, Object>> rows = rows(db, sql);
    return rows.isEmpty() ? null : (String) rows.get(0).values().iterator().next();
  }

  static List<Map<String, Object>> rows(SqliteSandbox db, String sql) throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (PreparedStatement ps = db.connection().prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          Object v = rs.getObject(i);
          row.put(rs.getMetaData().getColumnLabel(i), v instanceof Integer n ? Long.valueOf(n) : v);
        }
        out.add(row);
      }
    }
    return out;
  }
}
