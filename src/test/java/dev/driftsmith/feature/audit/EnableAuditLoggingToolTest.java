package dev.driftsmith.feature.audit;

import java.util.regex.Pattern;
import java.util.regex.Matcher;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.schema.SchemaObject;
import dev.driftsmith.schema.SqliteSandbox;
import dev.driftsmith.testing.DartStrings;
import dev.driftsmith.testing.Schemas;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.ManifestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** drift_enable_audit_logging end to end: the manifest, the schema step, the files, and repeat calls. */
class EnableAuditLoggingToolTest {
  static final String TOOL = "drift_enable_audit_logging";

  @TempDir
  Path dir;
  TestEnv env;
  Path root;

  @BeforeEach
  void project() {
    env = new TestEnv();
    root = env.project(dir.resolve("p"));
    env.call("drift_add_table", """
        {"projectId": "p", "name": "notes", "timestamps": true, "columns": [{"name": "title", "type": "text"}]}""");
    env.call("drift_add_table", """
        {"projectId": "p", "name": "todos", "columns": [{"name": "label", "type": "text"}, {"name": "done", "type": "boolean"}]}""");
  }

  static String call(String tables, Integer retention) {
    return "{\"projectId\": \"p\", \"tables\": " + tables + ", \"captureUserInfo\": true, \"captureBeforeAfter\": true"
        + (retention == null ? "" : ", \"retentionDays\": " + retention) + "}";
  }

  Manifest manifest() throws Exception {
    return ManifestFiles.manifest(root);
  }

  @Test
  void writesTheLogSchemaAndTheApiAndStoresTheConfiguration() throws Exception {
    String summary = env.call(TOOL, call("[\"todos\", \"notes\"]", 365)).summary();
    Matcher named = Pattern.compile("Query the log with (\\w+) in lib/data/audit/audit_log\\.dart").matcher(summary);
    assertTrue(named.find(), summary);
    TestEnv.assertContains(TestEnv.read(root, "lib/data/audit/audit_log.dart"), "class " + named.group(1) + " {");
    Manifest m = manifest();
    assertEquals(new AuditConfig(List.of("notes", "todos"), true, true, 365), AuditConfig.read(m).orElseThrow(),
        "tables in schema order");

    String drift = TestEnv.read(root, "lib/data/audit/audit.drift");
    List<SchemaObject> objects = Schemas.of(m).objects().stream().filter(o -> AuditSql.DRIFT_FILE.equals(o.driftFile())).toList();
    assertEquals(List.of("audit_log", "audit_log_record_idx", "audit_log_user_idx", "audit_actor", "audit_log_no_update",
        "audit_log_no_delete", "notes_audit_insert", "notes_audit_update", "notes_audit_delete",
        "todos_audit_insert", "todos_audit_update", "todos_audit_delete"), objects.stream().map(SchemaObject::name).toList());
    int at = 0;
    for (SchemaObject o : objects) {
      int found = drift.indexOf(o.sql(), at);
      assertTrue(found >= at, () -> "missing or out of order in audit.drift: " + o.sql());
      at = found;
    }
    TestEnv.assertContains(drift, AuditSql.CREATE_LOG + " AS AuditEntry;\n");
    TestEnv.assertContains(drift, AuditSql.CREATE_ACTOR + " AS AuditActorRow;\n");
    TestEnv.assertContains(drift, "import 'package:sample_app/data/tables/notes.dart';\nimport 'package:sample_app/data/tables/todos.dart';\n");

    String database = TestEnv.read(root, "lib/data/database.dart");
    TestEnv.assertContains(database, "'audit/audit.drift'");
    List<String> strings = DartStrings.in(database);
    assertTrue(strings.contains(AuditSql.purge(365)), "the purge runs when the database opens");

    String api = TestEnv.read(root, "lib/data/audit/audit_log.dart");
    List<String> queries = DartStrings.in(api);
    assertTrue(queries.containsAll(List.of(AuditSql.TRAIL, AuditSql.CHANGES_BY, AuditSql.RECENT, AuditSql.SET_ACTOR, AuditSql.CLEAR_ACTOR)),
        "the Dart runs the statements our SQLite tests run");
    TestEnv.assertContains(api, "Future<void> setActor(String userId)");
    TestEnv.assertContains(api, "Future<List<AuditEntry>> trail(String table, String recordId)");
    TestEnv.assertContains(api, "Stream<List<AuditEntry>> watchTrail(String table, String recordId)");
    TestEnv.assertContains(api, "Future<List<AuditEntry>> changesBy(String userId, DateTime since)");
  }

  /** The step the tool records upgrades an installed app to exactly the fresh schema, keeping its data. */
  @Test
  void theSchemaStepUpgradesToTheFreshSchema() throws Exception {
    Manifest before = manifest();
    env.call(TOOL, call("[\"notes\"]", null));
    Manifest after = manifest();
    SchemaStep step = after.schema().history().get(after.schema().history().size() - 1);
    assertEquals(before.schema().version() + 1, after.schema().version());
    try (SqliteSandbox upgraded = SqliteSandbox.with(Schemas.freshInstall(before));
         SqliteSandbox fresh = SqliteSandbox.with(Schemas.freshInstall(after))) {
      upgraded.execute("INSERT INTO notes (title) VALUES ('kept')");
      upgraded.executeAll(step.up());
      assertEquals(fresh.ddl().stream().sorted().toList(), upgraded.ddl().stream().sorted().toList());
      upgraded.execute("UPDATE notes SET title = 'changed'");
      try (var rs = upgraded.connection().createStatement().executeQuery("SELECT count(*) FROM audit_log")) {
        assertEquals(1, rs.getLong(1));
      }
    }
  }

  /** Changing the retention replaces only the delete guard: the log and its rows stay. */
  @Test
  void changingRetentionKeepsTheLog() throws Exception {
    env.call(TOOL, call("[\"notes\"]", 30));
    Manifest before = manifest();
    env.call(TOOL, call("[\"notes\"]", 90));
    SchemaStep step = manifest().schema().history().get(manifest().schema().history().size() - 1);
    assertEquals(List.of("DROP TRIGGER IF EXISTS audit_log_no_delete", AuditSql.noDelete(new AuditConfig(List.of("notes"), true, true, 90))),
        step.up());
    try (SqliteSandbox db = SqliteSandbox.with(Schemas.freshInstall(before))) {
      db.execute("INSERT INTO notes (title) VALUES ('x')");
      db.executeAll(step.up());
      try (var rs = db.connection().createStatement().executeQuery("SELECT count(*) FROM audit_log")) {
        assertEquals(1, rs.getLong(1));
      }
    }
  }

  /** A table left out stops being audited; what the log holds about it stays. */
  @Test
  void aTableLeftOutStopsBeingAuditedAndItsRecordsStay() throws Exception {
    env.call(TOOL, call("[\"notes\", \"todos\"]", null));
    Manifest before = manifest();
    env.call(TOOL, call("[\"notes\"]", null));
    SchemaStep step = manifest().schema().history().get(manifest().schema().history().size() - 1);
    assertEquals(List.of("DROP TRIGGER IF EXISTS todos_audit_insert", "DROP TRIGGER IF EXISTS todos_audit_update",
        "DROP TRIGGER IF EXISTS todos_audit_delete"), step.up());
    try (SqliteSandbox db = SqliteSandbox.with(Schemas.freshInstall(before))) {
      db.execute("INSERT INTO todos (label, done) VALUES ('x', 0)");
      db.executeAll(step.up());
      db.execute("INSERT INTO todos (label, done) VALUES ('y', 0)");
      try (var rs = db.connection().createStatement().executeQuery("SELECT group_concat(record_id) FROM audit_log WHERE entity = 'todos'")) {
        assertEquals("1", rs.getString(1));
      }
    }
  }

  @Test
  void theSameCallTwiceChangesNothing() throws Exception {
    env.call(TOOL, call("[\"notes\", \"todos\"]", 365));
    Map<String, String> before = TestEnv.files(root);
    String summary = env.call(TOOL, call("[\"todos\", \"notes\"]", 365)).summary();
    assertEquals(before, TestEnv.files(root), "the same set in another order is the same configuration");
    TestEnv.assertContains(summary, "already match");
  }

  @Test
  void aDryRunWritesNothing() {
    Map<String, String> before = TestEnv.files(root);
    String summary = env.call(TOOL, call("[\"notes\"]", null).replace("}", ", \"dryRun\": true}")).summary();
    assertEquals(before, TestEnv.files(root));
    TestEnv.assertContains(summary, "lib/data/audit/audit.drift");
  }

  @Test
  void withoutUserInfoTheApiHasNoActor() throws Exception {
    env.call(TOOL, "{\"projectId\": \"p\", \"tables\": [\"notes\"], \"captureUserInfo\": false, \"captureBeforeAfter\": false}");
    String api = TestEnv.read(root, "lib/data/audit/audit_log.dart");
    assertTrue(!api.contains("setActor"), api);
    assertTrue(!TestEnv.read(root, "lib/data/audit/audit.drift").contains("audit_actor"));
    assertTrue(!DartStrings.in(TestEnv.read(root, "lib/data/database.dart")).stream().anyMatch(s -> s.startsWith("DELETE FROM audit_log")),
        "no retention, no purge");
  }

  /** A hand edit of the stored configuration is checked with the tool's own rules, and reported with its line. */
  @Test
  void aHandEditIsCheckedByTheToolsRules() throws Exception {
    env.call(TOOL, call("[\"notes\"]", 30));
    Path yaml = root.resolve("driftsmith.yaml");
    String text = Files.readString(yaml);
    assertTrue(text.contains("    retentionDays: 30\n"), text);
    Files.writeString(yaml, text.replace("    retentionDays: 30\n", "    retentionDays: 0\n"));
    Map<String, String> before = TestEnv.files(root);
    ToolException e = env.error("project_generate", "{\"projectId\": \"p\"}");
    assertTrue(e.getMessage().matches("(?s)driftsmith\\.yaml:\\d+: features\\.auditLog\\.retentionDays: .*"), e.getMessage());
    assertEquals(before, TestEnv.files(root));
  }
}
