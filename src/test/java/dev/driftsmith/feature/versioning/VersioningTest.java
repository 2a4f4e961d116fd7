package dev.driftsmith.feature.versioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.feature.sync.OutboxSql;
import dev.driftsmith.feature.sync.SyncSettings;
import dev.driftsmith.feature.versioning.VersionSql;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.input.Wire;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.keys.VersioningStrategy;
import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.schema.SqliteSandbox;
import dev.driftsmith.testing.DartStrings;
import dev.driftsmith.testing.DartSyntax;
import dev.driftsmith.testing.Schemas;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.ManifestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Optimistic versioning: the guarded UPDATE and the version arithmetic on SQLite, and the tool. */
class VersioningTest {
  @TempDir
  Path dir;

  /** A project with one versioned table, built through the tools, and its fresh schema on SQLite. */
  SqliteSandbox versioned(String strategy) throws Exception {
    TestEnv env = new TestEnv();
    Path root = env.project(dir.resolve(strategy));
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"notes\", \"columns\": [{\"name\": \"title\", \"type\": \"text\"}]}");
    env.call("drift_add_versioning", "{\"projectId\": \"p\", \"tables\": [\"notes\"], \"strategy\": \"" + strategy + "\", \"conflictBehavior\": \"reject\"}");
    Manifest m = ManifestFiles.manifest(root);
    SqliteSandbox db = SqliteSandbox.with(Schemas.freshInstall(m));
    db.execute("INSERT INTO notes (title) VALUES ('a')");
    return db;
  }

  /** The UPDATE drift builds for updateWithVersion: the companion's fields, the next version, guarded by the old one. */
  static int write(SqliteSandbox db, String strategy, String title, Object expected) throws Exception {
    try (PreparedStatement ps = db.connection().prepareStatement(
        "UPDATE notes SET title = ?, version = " + VersionSql.next(Wire.find(VersioningStrategy.class, strategy).orElseThrow()) + " WHERE id = 1 AND version = ?")) {
      ps.setString(1, title);
      ps.setObject(2, expected);
      return ps.executeUpdate();
    }
  }

  static Object version(SqliteSandbox db) throws Exception {
    try (ResultSet rs = db.connection().createStatement().executeQuery("SELECT version FROM notes WHERE id = 1")) {
      rs.next();
      return rs.getObject(1);
    }
  }

  @Test
  void aStaleWriteChangesNothingAndAFreshOneAdvancesTheVersion() throws Exception {
    try (SqliteSandbox db = versioned("increment")) {
      assertEquals(1, version(db));
      // Two writers read version 1; the first wins, the second finds it moved on.
      assertEquals(1, write(db, "increment", "first", 1));
      assertEquals(0, write(db, "increment", "second", 1));
      assertEquals(2, version(db));
      assertEquals(1, write(db, "increment", "third", 2));
      assertEquals(3, version(db));
    }
  }

  @Test
  void timestampsNeverRepeatOrGoBack() throws Exception {
    try (SqliteSandbox db = versioned("timestamp")) {
      long before = System.currentTimeMillis() - 1000;
      assertEquals(1, write(db, "timestamp", "a", 0));
      long first = ((Number) version(db)).longValue();
      assertTrue(first >= before, "epoch milliseconds: " + first);
      // Faster than the clock: the same millisecond twice still moves forward.
      assertEquals(1, write(db, "timestamp", "b", first));
      long second = ((Number) version(db)).longValue();
      assertTrue(second > first);
      // A stored version ahead of the clock (another device's, or a clock set back) still grows.
      long ahead = System.currentTimeMillis() + 86_400_000L;
      db.execute("UPDATE notes SET version = " + ahead);
      assertEquals(1, write(db, "timestamp", "c", ahead));
      assertEquals(ahead + 1, ((Number) version(db)).longValue());
    }
  }

  @Test
  void vectorClocksCountPerDevice() throws Exception {
    try (SqliteSandbox db = versioned("vector-clock")) {
      assertEquals("{}", version(db));
      db.execute(OutboxSql.ENSURE_NODE_ID);
      db.execute(OutboxSql.ENSURE_NODE_ID);
      String node = query(db, "SELECT meta_value FROM sync_meta WHERE meta_key = 'node_id'", Map.of());
      assertTrue(node.matches("[0-9a-f]{16}"), node);
      assertEquals(1, write(db, "vector-clock", "a", "{}"));
      assertEquals("{\"" + node + "\":1}", version(db));
      assertEquals(0, write(db, "vector-clock", "stale", "{}"));
      assertEquals(1, write(db, "vector-clock", "b", "{\"" + node + "\":1}"));
      assertEquals("{\"" + node + "\":2}", version(db));
      assertEquals("text", query(db, "SELECT json_type(payload, '$.version') FROM sync_outbox ORDER BY seq DESC LIMIT 1", Map.of()),
          "the clock travels as text, like every other write of it");
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"a\":1}|{\"a\":1}|equal",
      "{}|{}|equal",
      "{\"a\":1}|{\"a\":2}|before",
      "{\"a\":1}|{\"a\":1,\"b\":1}|before",
      "{\"a\":2,\"b\":1}|{\"a\":1,\"b\":1}|after",
      "{\"a\":2}|{\"a\":1,\"b\":1}|concurrent",
      "{\"a\":0}|{}|equal"})
  void vectorClocksCompare(String a, String b, String relation) throws Exception {
    try (SqliteSandbox db = new SqliteSandbox()) {
      assertEquals(relation, query(db, VersionSql.COMPARE_CLOCKS, Map.of(1, a, 2, b)));
    }
  }

  @Test
  void vectorClocksMergeAndIncrement() throws Exception {
    try (SqliteSandbox db = new SqliteSandbox()) {
      assertEquals("{\"a\":2,\"b\":3,\"c\":1}", query(db, VersionSql.MERGE_CLOCKS, Map.of(1, "{\"a\":2,\"b\":1}", 2, "{\"b\":3,\"c\":1}")));
      assertEquals("{\"a\":2,\"b\":1}", query(db, VersionSql.INCREMENT_CLOCK, Map.of(1, "{\"a\":1,\"b\":1}", 2, "a")));
      assertEquals("{\"n1\":1}", query(db, VersionSql.INCREMENT_CLOCK, Map.of(1, "{}", 2, "n1")));
    }
  }

  @Test
  void theToolVersionsSyncsAndGeneratesTheDao() throws Exception {
    TestEnv env = new TestEnv();
    Path root = env.project(dir.resolve("tool"));
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"notes\", \"columns\": [{\"name\": \"title\", \"type\": \"text\"}]}");
    var result = env.call("drift_add_versioning", "{\"projectId\": \"p\", \"tables\": [\"notes\"], \"strategy\": \"increment\", \"conflictBehavior\": \"merge\"}");
    assertTrue(result.summary().contains("Added to sync"), result.summary());
    assertTrue(result.summary().contains("Generated the DAO"), result.summary());
    Manifest m = ManifestFiles.manifest(root);
    assertTrue(SyncSettings.syncs(m, "notes"));
    assertTrue(Schemas.of(m).require("notes").column("version").isPresent(), "versioning adds the column");
    String dart = TestEnv.read(root, "lib/data/versioning/notes_versioning.dart");
    assertTrue(DartStrings.in(dart).contains(VersionSql.next(VersioningStrategy.INCREMENT)), "the tested version SQL is the generated one");
    assertTrue(Files.exists(root.resolve("lib/data/daos/notes_dao.dart")));
    // The same call again changes nothing; another behavior changes only code.
    Map<String, String> files = TestEnv.files(root);
    env.call("drift_add_versioning", "{\"projectId\": \"p\", \"tables\": [\"notes\"], \"strategy\": \"increment\", \"conflictBehavior\": \"merge\"}");
    assertEquals(files, TestEnv.files(root));
    env.call("drift_add_versioning", "{\"projectId\": \"p\", \"tables\": [\"notes\"], \"strategy\": \"increment\", \"conflictBehavior\": \"force-update\"}");
    assertEquals(m.schema().version(), ManifestFiles.manifest(root).schema().version(), "no schema step for a behavior change");
    ToolException e = env.error("drift_add_versioning", "{\"projectId\": \"p\", \"tables\": [\"notes\"], \"strategy\": \"timestamp\", \"conflictBehavior\": \"merge\"}");
    assertTrue(e.getMessage().startsWith("strategy:"), e.getMessage());
  }

  /** An empty companion writes nothing, as drift's write does: no version bump, no trigger, no conflict. */
  @ParameterizedTest
  @ValueSource(strings = {"reject", "merge", "force-update"})
  void anEmptyVersionedUpdateWritesNothingUnderEveryBehavior(String behavior) {
    TestEnv env = new TestEnv();
    Path root = env.project(dir.resolve(behavior));
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"notes\", \"columns\": [{\"name\": \"title\", \"type\": \"text\"}]}");
    env.call("drift_add_versioning", "{\"projectId\": \"p\", \"tables\": [\"notes\"], \"strategy\": \"increment\", \"conflictBehavior\": \""
        + behavior + "\"}");
    String dart = TestEnv.read(root, "lib/data/versioning/notes_versioning.dart");
    int method = dart.indexOf("Future<int> updateWithVersion(");
    int body = dart.indexOf(") async {\n", method);
    assertTrue(method >= 0 && body > method, dart);
    String firstStatement = dart.substring(body, dart.indexOf('\n', dart.indexOf('\n', body) + 1)).strip();
    assertTrue(firstStatement.endsWith("if (changes.toColumns(true).isEmpty) return 0;"), firstStatement);
    assertEquals(List.of(), DartSyntax.problems(dart));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"projectId\": \"p\", \"tables\": [], \"strategy\": \"increment\", \"conflictBehavior\": \"reject\"}|tables",
      "{\"projectId\": \"p\", \"tables\": [\"nope\"], \"strategy\": \"increment\", \"conflictBehavior\": \"reject\"}|tables[0]",
      "{\"projectId\": \"p\", \"tables\": [\"notes\"], \"strategy\": \"lamport\", \"conflictBehavior\": \"reject\"}|strategy",
      "{\"projectId\": \"p\", \"tables\": [\"notes\"], \"strategy\": \"increment\", \"conflictBehavior\": \"ignore\"}|conflictBehavior",
      "{\"projectId\": \"p\", \"tables\": [\"links\"], \"strategy\": \"increment\", \"conflictBehavior\": \"reject\"}|tables[0]"})
  void badInputNamesTheFieldAndChangesNothing(String json, String field) throws Exception {
    TestEnv env = new TestEnv();
    Path root = env.project(dir.resolve("bad"));
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"notes\", \"columns\": [{\"name\": \"title\", \"type\": \"text\"}]}");
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"links\", \"columns\": [{\"name\": \"a\", \"type\": \"integer\", \"primaryKey\": true}, {\"name\": \"b\", \"type\": \"integer\", \"primaryKey\": true}]}");
    Map<String, String> before = TestEnv.files(root);
    ToolException e = env.error("drift_add_versioning", json);
    assertTrue(e.getMessage().startsWith(field + ":"), e.getMessage());
    assertEquals(before, TestEnv.files(root));
  }

  static String query(SqliteSandbox db, String sql, Map<Integer, String> params) throws Exception {
    try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
      for (var e : params.entrySet()) ps.setString(e.getKey(), e.getValue());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }
}
