package dev.driftsmith.feature.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.generate.ChangeSet;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.testing.MigrationsDart;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.FileChange;
import dev.driftsmith.workspace.FileChange.Status;
import dev.driftsmith.workspace.ManifestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each schema step's SQL is a part file of lib/data/migrations.dart, written once: a new step
 * writes its own small file and the index, so a step's cost does not grow with the history.
 */
class MigrationStepFilesTest {
  @TempDir
  Path tmp;

  final TestEnv env = new TestEnv();

  private static String table(String name) {
    return "{\"projectId\": \"p\", \"name\": \"" + name + "\", \"columns\": [{\"name\": \"title\", \"type\": \"text\"}]}";
  }

  /** The changes of a call, by path. */
  private static Map<String, Status> statuses(ChangeSet changes) {
    return changes.files().stream().collect(Collectors.toMap(FileChange::path, FileChange::status, (a, b) -> a, TreeMap::new));
  }

  @Test
  void aNewStepWritesItsOwnPartAndTheIndexAndLeavesEveryOlderPartAsItWas() throws Exception {
    Path root = env.project(tmp.resolve("app"));
    env.call("drift_add_table", table("notes"));
    env.call("drift_add_table", table("tags"));
    Map<String, String> before = TestEnv.files(root);

    ChangeSet changes = (ChangeSet) env.call("drift_add_table", table("labels")).structured();

    Manifest manifest = ManifestFiles.manifest(root);
    int version = manifest.schema().version();
    Map<String, Status> statuses = statuses(changes);
    assertEquals(Status.created, statuses.get("lib/data/migrations/v" + String.format("%04d", version) + ".dart"), statuses::toString);
    assertEquals(Status.updated, statuses.get(MigrationsDart.INDEX), statuses::toString);
    for (SchemaStep step : manifest.schema().history()) {
      String part = "lib/data/migrations/v" + String.format("%04d", step.version()) + ".dart";
      if (step.version() == version) continue;
      assertEquals(Status.unchanged, statuses.get(part), part);
      assertEquals(before.get(part), TestEnv.read(root, part), part + " is never written again");
    }
    // What database.dart runs is every step's SQL, each from its own part.
    MigrationsDart dart = MigrationsDart.read(root);
    for (SchemaStep step : manifest.schema().history()) {
      assertEquals(step.up(), dart.upgrades().get(step.version()), "v" + step.version());
      assertEquals(step.down(), dart.downgrades().getOrDefault(step.version(), List.of()), "v" + step.version());
    }
    assertFalse(TestEnv.read(root, MigrationsDart.INDEX).contains("CREATE"), "the index holds no SQL, only names");
  }

  /** A project written before the split: the next generate replaces the one large file with the index and the parts. */
  @Test
  void aProjectWithEveryStepInOneFileGetsTheIndexAndOnePartPerStep() throws Exception {
    Path root = env.project(tmp.resolve("app"));
    env.call("drift_add_table", table("notes"));
    env.call("drift_add_table", table("tags"));
    TestEnv.deleteRecursively(root.resolve("lib/data/migrations"));
    TestEnv.writeWithMatchingHash(root, MigrationsDart.INDEX,
        "const Map<int, List<String>> upgradeSteps = {\n  2: [\n    'CREATE TABLE notes (title)',\n  ],\n};\n");

    ChangeSet changes = (ChangeSet) env.call("project_generate", "{\"projectId\": \"p\"}").structured();

    Map<String, Status> statuses = statuses(changes);
    assertEquals(Status.updated, statuses.get(MigrationsDart.INDEX), statuses::toString);
    assertEquals(Status.created, statuses.get("lib/data/migrations/v0002.dart"), statuses::toString);
    assertEquals(Status.created, statuses.get("lib/data/migrations/v0003.dart"), statuses::toString);
    Manifest manifest = ManifestFiles.manifest(root);
    assertEquals(manifest.schema().history().stream().map(SchemaStep::up).toList(),
        List.copyOf(MigrationsDart.read(root).upgrades().values()));
  }

  /** The one large file of an older release, edited by hand: kept byte for byte, and the parts still come. */
  @Test
  void anEditedSingleFileIsRefusedAndKept() throws Exception {
    Path root = env.project(tmp.resolve("app"));
    env.call("drift_add_table", table("notes"));
    TestEnv.deleteRecursively(root.resolve("lib/data/migrations"));
    TestEnv.writeWithMatchingHash(root, MigrationsDart.INDEX,
        "const Map<int, List<String>> upgradeSteps = {\n  2: [\n    'CREATE TABLE notes (title)',\n  ],\n};\n");
    String edited = TestEnv.read(root, MigrationsDart.INDEX) + "// my own note\n";
    Files.writeString(root.resolve(MigrationsDart.INDEX), edited);

    ChangeSet changes = (ChangeSet) env.call("project_generate", "{\"projectId\": \"p\"}").structured();

    assertEquals(Status.refused, statuses(changes).get(MigrationsDart.INDEX), changes.files()::toString);
    assertEquals(edited, TestEnv.read(root, MigrationsDart.INDEX));
    assertTrue(Files.isRegularFile(root.resolve("lib/data/migrations/v0002.dart")));
  }
}
