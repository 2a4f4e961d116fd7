package dev.driftsmith.feature.versioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.keys.VersioningStrategy;
import dev.driftsmith.schema.Migrations;
import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.schema.SqliteSandbox;
import dev.driftsmith.testing.DartStrings;
import dev.driftsmith.testing.DartSyntax;
import dev.driftsmith.testing.Schemas;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.ManifestFiles;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vector clocks count per device, keyed by sync_meta.node_id. Without that row the next-version SQL leaves the
 * clock as it is, so every write that does not go through updateWithVersion (repositories, imports) would not
 * advance it. The database creates the row when it opens: fresh installs, and installs that opened before.
 */
class VectorClockNodeIdTest {
  @TempDir
  static Path dir;
  static Path root;
  static Manifest manifest;

  @BeforeAll
  static void project() throws Exception {
    TestEnv env = new TestEnv();
    root = env.projectWithNotes(dir.resolve("p"));
    env.call("drift_add_versioning", "{\"projectId\": \"p\", \"tables\": [\"notes\"], \"strategy\": \"vector-clock\", \"conflictBehavior\": \"reject\"}");
    manifest = ManifestFiles.manifest(root);
  }

  /** The statements database.dart runs in beforeOpen, read from the generated file. */
  static List<String> openStatements() {
    String dart = TestEnv.read(root, "lib/data/database.dart");
    String list = dart.substring(dart.indexOf("openStatements = ["), dart.indexOf("];", dart.indexOf("openStatements = [")));
    return DartStrings.in(list);
  }

  @Test
  void databaseDartRunsTheOpenStatementsInBeforeOpen() {
    String dart = TestEnv.read(root, "lib/data/database.dart");
    assertEquals(List.of(), DartSyntax.problems(dart));
    assertEquals(Schemas.of(manifest).openStatements(), openStatements());
    assertTrue(dart.contains("        beforeOpen: (details) async {\n          for (final statement in openStatements) {\n"
        + "            await customStatement(statement);\n"), dart);
  }

  @Test
  void aFreshInstallHasItsNodeIdAfterOpenAndTheClockAdvances() throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(Schemas.freshInstall(manifest))) {
      db.executeAll(openStatements());
      String node = nodeId(db);
      assertTrue(node.matches("[0-9a-f]{16}"), node);
      db.execute("INSERT INTO notes (title) VALUES ('a')");
      advanceClock(db);
      assertEquals("{\"" + node + "\":1}", clock(db));
      advanceClock(db);
      assertEquals("{\"" + node + "\":2}", clock(db));
      db.executeAll(openStatements());
      assertEquals(node, nodeId(db), "opening again keeps this device's node id");
    }
  }

  /** An install that opened before the fix has the schema but no node id; its next open creates it. */
  @Test
  void anInstallThatOpenedBeforeGetsItsNodeIdOnTheNextOpen() throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(Migrations.replay(manifest.schema(), manifest.schema().version()))) {
      db.execute("INSERT INTO notes (title) VALUES ('a')");
      advanceClock(db);
      assertEquals("{}", clock(db), "without a node id the clock silently stays as it is");
      db.executeAll(openStatements());
      String node = nodeId(db);
      assertNotNull(node);
      advanceClock(db);
      assertEquals("{\"" + node + "\":1}", clock(db));
    }
  }

  @Test
  void versionedWritesNoLongerCreateTheNodeIdThemselves() {
    String dart = TestEnv.read(root, "lib/data/versioning/notes_versioning.dart");
    assertFalse(dart.contains("ensureNodeId"), dart);
    assertFalse(dart.contains("vector_clock.dart"), "reject never compares clocks: no unused import");
    assertEquals(List.of(), DartSyntax.problems(dart));
  }

  /** What the repository's and updateWithVersion's UPDATE sets the clock to (withNextVersion). */
  static void advanceClock(SqliteSandbox db) throws Exception {
    db.execute("UPDATE notes SET version = " + VersionSql.next(VersioningStrategy.VECTOR_CLOCK) + " WHERE id = 1");
  }

  static String clock(SqliteSandbox db) throws Exception {
    return single(db, "SELECT version FROM notes WHERE id = 1");
  }

  static String nodeId(SqliteSandbox db) throws Exception {
    return single(db, "SELECT meta_value FROM sync_meta WHERE meta_key = 'node_id'");
  }

  static String single(SqliteSandbox db, String sql) throws Exception {
    try (ResultSet rs = db.connection().createStatement().executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
