package dev.driftsmith.tool;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.driftsmith.testing.TestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text that no file format should carry, or that no app needs, is refused before anything is written. */
class TextAtTheBoundaryTest {
  @TempDir
  Path dir;
  final TestEnv env = new TestEnv();

  @Test
  void aTenMegabyteDisplayNameIsRefusedAndNoProjectIsCreated() throws Exception {
    Path target = dir.resolve("huge");
    String huge = "x".repeat(10 * 1024 * 1024);
    env.assertRefused(dir, "project_create", "{\"name\": \"huge_app\", \"path\": " + TestEnv.quote(target)
        + ", \"displayName\": \"" + huge + "\"}", "displayName", "at most 200");
    assertFalse(Files.exists(target));
  }

  @Test
  void nulIsRefusedInEveryStringFieldNamingIt() {
    Path root = env.project(dir.resolve("p"));
    env.assertRefused(root, "drift_add_table", "{\"projectId\": \"p\", \"name\": \"notes\", \"columns\": "
        + "[{\"name\": \"title\", \"type\": \"text\", \"defaultValue\": \"a\\u0000b\"}]}", "columns[0].defaultValue", "U+0000");
    env.assertRefused(root, "drift_create_migration", "{\"projectId\": \"p\", \"name\": \"seed\\u0000\", "
        + "\"upStatements\": [\"SELECT 1\"], \"downStatements\": []}", "name", "U+0000");
    env.assertRefused(root, "drift_configure_conflict_resolution", "{\"projectId\": \"p\", \"strategy\": \"merge\", "
        + "\"tableStrategies\": {\"no\\u0000tes\": \"manual\"}}", "tableStrategies", "the key 'no?tes' contains the control character U+0000");
  }

  @Test
  void aDescriptionHasABound() {
    env.assertRefused(dir, "project_create", "{\"name\": \"long_app\", \"path\": " + TestEnv.quote(dir.resolve("long"))
        + ", \"description\": \"" + "d".repeat(1001) + "\"}", "description", "at most 1,000");
    env.call("project_create", "{\"name\": \"long_app\", \"path\": " + TestEnv.quote(dir.resolve("long"))
        + ", \"description\": \"" + "d".repeat(1000) + "\"}");
  }
}
