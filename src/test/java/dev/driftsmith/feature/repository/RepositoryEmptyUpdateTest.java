package dev.driftsmith.feature.repository;

import static dev.driftsmith.testing.TestEnv.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.feature.versioning.VersionSql;
import dev.driftsmith.project.keys.VersioningStrategy;
import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.schema.SqliteSandbox;
import dev.driftsmith.testing.DartSyntax;
import dev.driftsmith.testing.Schemas;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.ManifestFiles;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Repository.update with a companion that has no field present: drift's UpdateStatement.write runs no
 * UPDATE and returns 0 for it, and the in-memory double returns false. On a versioned table the drift
 * repository adds the next version to the companion, so it must check before that, or it bumps the version
 * and fires every update trigger for a write of nothing.
 */
class RepositoryEmptyUpdateTest {
  static final String GUARD = "    if (changes.toColumns(true).isEmpty) return false;\n";
  static final String VERSIONED_WRITE = "statement.write(_dao.withNextVersion(changes))";

  @TempDir
  Path dir;

  Path project(String strategy, boolean softDelete, boolean cache) {
    TestEnv env = new TestEnv();
    Path root = env.project(dir.resolve(strategy + softDelete + cache));
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"notes\", \"timestamps\": true, \"softDelete\": " + softDelete
        + ", \"columns\": [{\"name\": \"title\", \"type\": \"text\"}]}");
    if (strategy != null) {
      env.call("drift_add_versioning", "{\"projectId\": \"p\", \"tables\": [\"notes\"], \"strategy\": \"" + strategy
          + "\", \"conflictBehavior\": \"reject\"}");
    }
    env.call("drift_generate_repository", "{\"projectId\": \"p\", \"tableName\": \"notes\", \"operations\": [\"read\", \"update\"], "
        + "\"includeCache\": " + cache + "}");
    return root;
  }

  @ParameterizedTest
  @CsvSource({"increment, false, false", "timestamp, true, false", "vector-clock, false, true", "increment, true, true"})
  void aVersionedUpdateOfNothingReturnsFalseBeforeTheVersionIsAdvanced(String strategy, boolean softDelete, boolean cache) {
    String repo = TestEnv.read(project(strategy, softDelete, cache), "lib/data/repositories/notes_repository.dart");
    assertEquals(List.of(), DartSyntax.problems(repo));
    String update = repo.substring(repo.indexOf("  Future<bool> _update("));
    int guard = update.indexOf(GUARD);
    assertTrue(guard >= 0, () -> "no empty-companion check in:\n" + update);
    assertTrue(guard < update.indexOf("final statement = _dao.update(_dao.notes)"), update);
    assertTrue(guard < update.indexOf(VERSIONED_WRITE), update);
  }

  /** Without versioning the companion reaches drift's write as it is, which already writes nothing for it. */
  @Test
  void anUnversionedUpdateLeavesTheEmptyCaseToDriftsWrite() {
    String repo = TestEnv.read(project(null, false, false), "lib/data/repositories/notes_repository.dart");
    assertContains(repo, "    return (await _dao.updateOne(id, changes)) > 0;\n");
    assertFalse(repo.contains(GUARD));
  }

  @Test
  void theInMemoryDoubleAgrees() {
    String memory = TestEnv.read(project("increment", false, false), "lib/data/repositories/notes_repository_memory.dart");
    assertContains(memory, "    if (current == null || changes.toColumns(false).isEmpty) return false;\n");
  }

  /**
   * Why the check matters, on SQLite: the statement the versioned write becomes for an empty companion sets
   * only the version, and still counts as a change of the row for the triggers (sync capture, updated_at).
   */
  @Test
  void anUpdateThatSetsOnlyTheVersionStillFiresTheTriggers() throws Exception {
    var manifest = ManifestFiles.manifest(project("increment", false, false));
    try (SqliteSandbox db = SqliteSandbox.with(Schemas.freshInstall(manifest))) {
      db.execute("INSERT INTO notes (title, created_at, updated_at) VALUES ('a', '2000-01-01 00:00:00', '2000-01-01 00:00:00')");
      db.execute("DELETE FROM sync_outbox"); // as after a push of the insert
      db.execute("UPDATE notes SET version = " + VersionSql.next(VersioningStrategy.INCREMENT) + " WHERE id = 1");
      assertEquals(2, count(db, "SELECT version FROM notes WHERE id = 1"));
      assertEquals(1, count(db, "SELECT COUNT(*) FROM sync_outbox WHERE op = 'update'"), "the capture trigger queued an update");
      assertEquals(0, count(db, "SELECT COUNT(*) FROM notes WHERE updated_at = '2000-01-01 00:00:00'"), "updated_at was touched");
    }
  }

  static long count(SqliteSandbox db, String sql) throws Exception {
    try (ResultSet rs = db.connection().createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
