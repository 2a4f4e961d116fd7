package dev.driftsmith.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest.DateTimeStorage;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestIo;
import dev.driftsmith.schema.DateTimeUpgrade;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.FileChange.Status;
import dev.driftsmith.workspace.FileChange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project whose manifest the previous release wrote (the demo's, before date-times were stored as
 * ISO-8601 UTC) is upgraded when it is loaded, saved with the next write, and stays upgraded.
 */
class ProjectServiceUpgradeTest {
  /** The step feature.sync.GlobalIdsUpgrade records for a project that synced under protocol 1. */
  static final String GLOBAL_IDS = "sync protocol 2: global record ids";

  @TempDir
  Path dir;

  final TestEnv env = new TestEnv();
  final ProjectService projects = env.tools.context().projects();

  /** The older demo as its owner has it after rewriting the custom queries the load refuses (below). */
  Path olderProject() throws IOException {
    return olderProject(olderManifest()
        .replace("ORDER BY\n        updated_at DESC", "ORDER BY\n        julianday(updated_at) DESC")
        .replace("ORDER BY priority,\\\n        \\ due_at\"", "ORDER BY priority,\\\n        \\ julianday(due_at)\"")
        .replace("AND due_at < ?", "AND julianday(due_at) < julianday(?)"));
  }

  Path olderProject(String manifest) throws IOException {
    Path root = dir.resolve("app");
    Files.createDirectories(root);
    Files.writeString(root.resolve(Manifest.FILE_NAME), manifest, StandardCharsets.UTF_8);
    env.tools.context().registry().put("notes_demo", root);
    return root;
  }

  String olderManifest() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/fixtures/before-utc-dates/driftsmith.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * The previous release accepted custom queries that compare date-times as text, which mixed
   * formats get wrong. Loading such a manifest names each one with its line and the julianday()
   * form, and changes nothing; the owner rewrites them (the SQL is theirs), then the upgrade runs.
   */
  @Test
  void storedQueriesThatCompareDateTimesAsTextAreRefusedWithTheirRewrite() throws Exception {
    String stored = olderManifest();
    Path root = olderProject(stored);
    ToolException e = assertThrows(ToolException.class, () -> projects.check(root));
    TestEnv.assertContains(e.getMessage(), "driftsmith.yaml:");
    TestEnv.assertContains(e.getMessage(), "julianday(due_at) < julianday(?)");
    assertEquals(stored, Files.readString(root.resolve(Manifest.FILE_NAME), StandardCharsets.UTF_8));
    assertTrue(olderProject().equals(root));
    assertTrue(projects.check(root).stream().anyMatch(p -> p.problem().startsWith("in an older format")));
  }

  @Test
  void generateAddsTheStepOnceAndCheckPassesAfterwards() throws Exception {
    Path root = olderProject();
    List<ProjectService.Problem> problems = projects.check(root);
    assertTrue(problems.stream().anyMatch(p -> p.path().equals(Manifest.FILE_NAME) && p.problem().startsWith("in an older format")
        && p.problem().contains("Schema step 17") && p.problem().endsWith("run `driftsmith generate` to upgrade it")), problems::toString);

    Map<String, String> before = TestEnv.files(root);
    ChangeSet dry = projects.regenerate(root, "notes_demo", new ProjectService.Options(true, false));
    assertTrue(dry.notes().stream().anyMatch(n -> n.contains("Schema step 17")), dry.notes().toString());
    assertEquals(before, TestEnv.files(root), "a dry run writes nothing");

    ChangeSet written = projects.regenerate(root, "notes_demo", ProjectService.Options.WRITE);
    assertEquals(dry.notes(), written.notes());
    // The older demo also synced under protocol 1: the move to global record ids comes after the dates.
    assertEquals(18, written.schemaVersion());
    Manifest saved = ManifestIo.read(root);
    assertEquals(DateTimeStorage.ISO8601_UTC, saved.database().dateTimes());
    assertEquals(DateTimeUpgrade.DESCRIPTION, saved.schema().history().get(17 - 2).description());
    assertEquals(GLOBAL_IDS, saved.schema().history().get(18 - 2).description());
    TestEnv.assertContains(TestEnv.read(root, "lib/data/database.dart"), "// v17: " + DateTimeUpgrade.DESCRIPTION);
    TestEnv.assertContains(TestEnv.read(root, "lib/data/database.dart"), "// v18: " + GLOBAL_IDS);
    assertEquals(List.of(), projects.check(root), "check passes after generate");

    ChangeSet again = projects.regenerate(root, "notes_demo", ProjectService.Options.WRITE);
    assertEquals(List.of(), again.notes());
    assertEquals(again.files().size(), again.count(Status.unchanged), "the second run changes nothing");
    assertEquals(18, ManifestIo.read(root).schema().version(), "the steps are added once");
  }

  /** Any tool call on an older project carries the upgrade, and its own step comes after it. */
  @Test
  void aToolCallSavesTheUpgradeWithItsChangeAndSaysSo() throws Exception {
    olderProject();
    ChangeSet changes = (ChangeSet) env.call("drift_add_table", """
        {"projectId": "notes_demo", "name": "events", "columns": [{"name": "title", "type": "text"}, {"name": "startsAt", "type": "dateTime"}]}
        """).structured();
    assertTrue(changes.notes().stream().anyMatch(n -> n.contains("Schema step 17")), changes.notes().toString());
    Manifest saved = ManifestIo.read(dir.resolve("app"));
    assertEquals(19, saved.schema().version(), "the dates (17), global record ids (18), then the new table");
    assertEquals(DateTimeStorage.ISO8601_UTC, saved.database().dateTimes());
    TestEnv.assertContains(saved.schema().history().get(17 - 2).description(), DateTimeUpgrade.DESCRIPTION);
  }
}
