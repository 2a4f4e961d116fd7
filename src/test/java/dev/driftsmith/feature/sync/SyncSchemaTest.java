package dev.driftsmith.feature.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.schema.SchemaObject;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.ManifestFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A synced table's triggers are built once for what they are built from: the schema of every new
 * manifest holds every synced table's, and a call changes one table or none.
 */
class SyncSchemaTest {
  @TempDir
  Path tmp;

  final TestEnv env = new TestEnv();

  @Test
  void aTableThatDidNotChangeGivesTheObjectsBuiltBeforeAndAChangedOneNewOnes() {
    Path root = env.projectWithNotes(tmp.resolve("app"));
    env.call("drift_enable_sync", "{\"projectId\": \"p\", \"tables\": [\"notes\"], \"baseUrl\": \"https://api.example.com/sync\"}");
    SyncSchema schema = new SyncSchema();
    Manifest first = ManifestFiles.manifest(root);
    List<SchemaObject> objects = schema.objectsOn(first, notes(first));
    assertFalse(objects.isEmpty());

    // Read again from the same bytes, as the next call reads it: the same objects, not built again.
    Manifest again = ManifestFiles.manifest(root);
    assertSame(objects, schema.objectsOn(again, notes(again)));

    env.call("drift_add_versioning", "{\"projectId\": \"p\", \"tables\": [\"notes\"], \"strategy\": \"increment\", "
        + "\"conflictBehavior\": \"reject\"}");
    Manifest versioned = ManifestFiles.manifest(root);
    List<SchemaObject> changed = schema.objectsOn(versioned, notes(versioned));
    assertNotSame(objects, changed);
    assertTrue(changed.stream().anyMatch(o -> o.sql().contains("version")), () -> "the triggers carry the new column: " + changed);
  }

  private static Table notes(Manifest m) {
    return m.schema().tables().stream().filter(t -> t.name().equals("notes")).findFirst().orElseThrow();
  }
}
