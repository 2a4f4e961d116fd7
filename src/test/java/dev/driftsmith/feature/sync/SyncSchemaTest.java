package dev.driftsmith.feature.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.schema.SchemaObject;
import dev.driftsmith.testing.Schemas;
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
  void aTableThatDidNotChangeGivesTheObjectsBuiltBeforeAndAChangedOneNewOnes() throws Exception {
    Path root = env.projectWithNotes(tmp.resolve("app"));
    env.call("drift_enable_sync", "{\"projectId\": \"p\", \"tables\": [\"notes\"], \"baseUrl\": \"https://api.example.com/sync\"}");
    SyncSchema schema = new SyncSchema();
    Manifest first = ManifestFiles.manifest(root);
    List<SchemaObject> objects = schema.objectsOn(first, notes(first));
    assertFalse(objects.isEmpty());

    // Read again from the same bytes, as the next call reads it: the same objects, not built again.
    Manifest again = ManifestFiles.manifest(root);
    assertSame(objects, schema.objectsOn(again, notes(again)));

    // A synced child pointing at notes: deleting a note must keep its record id for the child's triggers.
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"comments\", \"columns\": [{\"name\": \"noteId\", "
        + "\"type\": \"integer\", \"references\": {\"table\": \"notes\", \"column\": \"id\"}}]}");
    env.call("drift_enable_sync", "{\"projectId\": \"p\", \"tables\": [\"comments\"]}");
    Manifest referenced = ManifestFiles.manifest(root);
    List<SchemaObject> changed = schema.objectsOn(referenced, notes(referenced));
    assertNotSame(objects, changed);
    assertTrue(changed.size() > objects.size(), () -> "notes gains the triggers that keep its id while deleting: " + changed);
  }

  /** notes as the schema model hands it to sync: with the columns features add (sync_id). */
  private static Table notes(Manifest m) {
    return Schemas.of(m).require("notes");
  }
}
