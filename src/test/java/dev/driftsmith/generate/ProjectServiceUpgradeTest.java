package dev.driftsmith.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest.DateTimeStorage;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestIo;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.schema.DateTimeUpgrade;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.FileChange.Status;
import dev.driftsmith.workspace.FileChange;
import dev.driftsmith.workspace.ManifestFiles;
import dev.driftsmith.workspace.MigrationFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
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
    assertTrue(written.notes().get(written.notes().size() - 1).startsWith("The schema history moves out of driftsmith.yaml"),
        written.notes()::toString);
    assertEquals(IntStream.rangeClosed(2, 18).mapToObj(v -> String.format("%04d_", v)).toList(), migrationFiles(root).stream()
        .map(name -> name.substring(0, 5)).toList());
    Manifest saved = ManifestFiles.manifest(root);
    assertEquals(DateTimeStorage.ISO8601_UTC, saved.database().dateTimes());
    assertEquals(DateTimeUpgrade.DESCRIPTION, saved.schema().history().get(17 - 2).description());
    assertEquals(GLOBAL_IDS, saved.schema().history().get(18 - 2).description());
    TestEnv.assertContains(TestEnv.read(root, "lib/data/migrations/v0017.dart"), "// Schema step v17: " + DateTimeUpgrade.DESCRIPTION);
    TestEnv.assertContains(TestEnv.read(root, "lib/data/migrations/v0018.dart"), "// Schema step v18: " + GLOBAL_IDS);
    assertEquals(List.of(), projects.check(root), "check passes after generate");

    ChangeSet again = projects.regenerate(root, "notes_demo", ProjectService.Options.WRITE);
    assertEquals(List.of(), again.notes());
    assertEquals(again.files().size(), again.count(Status.unchanged), "the second run changes nothing");
    assertEquals(18, ManifestFiles.manifest(root).schema().version(), "the steps are added once");
  }

  /**
   * The demo as the release before migration files wrote it (schema.history inside driftsmith.yaml):
   * the first write moves the history into one file per version and changes no generated file.
   */
  @Test
  void theHistoryMovesIntoMigrationFilesAndNoGeneratedFileChanges() throws Exception {
    Path root = inTheFormerFormat(copy(GOLDEN, dir.resolve("app")));
    env.tools.context().registry().put("notes_demo", root);
    Map<String, String> before = TestEnv.files(root);
    Manifest stored = ManifestIo.parse(before.get(Manifest.FILE_NAME));
    assertTrue(stored.schema().history().size() > 10, "the fixture holds its history in driftsmith.yaml");
    List<ProjectService.Problem> problems = projects.check(root);
    assertEquals(Manifest.FILE_NAME, problems.get(0).path());
    assertTrue(problems.get(0).problem().startsWith("in an older format (") && problems.get(0).problem().contains("The schema "
        + "history moves out of driftsmith.yaml into driftsmith/migrations/, one SQL file per version ("
        + stored.schema().history().size() + " files)"), problems::toString);
    Map<String, String> demo = TestEnv.files(GOLDEN);
    // The other problems are the generated files whose templates changed since the fixture was made, as in every project.
    Set<String> byTemplates = demo.keySet().stream()
        .filter(p -> !p.equals(Manifest.FILE_NAME) && !p.startsWith(MigrationFile.FOLDER + "/") && !demo.get(p).equals(before.get(p)))
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(byTemplates, problems.subList(1, problems.size()).stream().map(ProjectService.Problem::path)
        .collect(Collectors.toCollection(TreeSet::new)), problems::toString);

    ChangeSet dry = projects.regenerate(root, "notes_demo", new ProjectService.Options(true, false));
    assertEquals(before, TestEnv.files(root), "a dry run writes nothing");
    List<FileChange> created = dry.files().stream().filter(f -> f.status() == Status.created).toList();
    // One file per version, and the generated files that are new since the fixture was made (migrations.dart).
    Set<String> expected = stored.schema().history().stream().map(MigrationFile::path).collect(Collectors.toCollection(TreeSet::new));
    byTemplates.stream().filter(p -> !before.containsKey(p)).forEach(expected::add);
    assertEquals(expected, created.stream().map(FileChange::path).collect(Collectors.toCollection(TreeSet::new)));
    for (FileChange file : created) {
      assertTrue(file.diff().startsWith("--- /dev/null\n+++ b/" + file.path()), file::toString);
    }

    ChangeSet changes = projects.regenerate(root, "notes_demo", ProjectService.Options.WRITE);

    Map<String, String> after = TestEnv.files(root);
    assertEquals(demo, after, "the project is what this release writes for the demo");
    // Byte for byte as before: every generated file but those whose templates changed since the fixture was
    // made (database.dart, whose migration SQL moved to migrations.dart), which a regeneration changes in every project.
    List<String> changed = before.keySet().stream().filter(p -> !p.equals(Manifest.FILE_NAME) && !before.get(p).equals(after.get(p))).toList();
    List<String> changedByTemplates = before.keySet().stream().filter(p -> !p.equals(Manifest.FILE_NAME) && !before.get(p).equals(demo.get(p))).toList();
    assertEquals(changedByTemplates, changed, "the files the move changed");
    Set<String> added = new TreeSet<>(after.keySet());
    added.removeAll(before.keySet());
    assertEquals(expected, added);
    assertEquals(stored, ManifestFiles.manifest(root), "the same manifest, history and all");
    assertTrue(changes.notes().stream().anyMatch(n -> n.startsWith("The schema history moves out of driftsmith.yaml")),
        changes.notes()::toString);
    assertEquals(List.of(), projects.check(root), "check passes");
    ChangeSet again = projects.regenerate(root, "notes_demo", ProjectService.Options.WRITE);
    assertEquals(again.files().size(), again.count(Status.unchanged), "the second run changes nothing");
  }

  /**
   * A move into files that stopped before driftsmith.yaml was saved (the process was killed) leaves
   * files equal to the manifest's steps: the next write completes it. A file that differs from its
   * step in the manifest is two histories, and is refused.
   */
  @Test
  void aMoveThatStoppedHalfwayIsCompletedAndTwoHistoriesAreRefused() throws Exception {
    Path root = inTheFormerFormat(copy(GOLDEN, dir.resolve("app")));
    env.tools.context().registry().put("notes_demo", root);
    Manifest stored = ManifestIo.parse(TestEnv.read(root, Manifest.FILE_NAME));
    for (SchemaStep step : stored.schema().history().subList(0, 5)) {
      Files.createDirectories(root.resolve(MigrationFile.FOLDER));
      Files.writeString(root.resolve(MigrationFile.path(step)), MigrationFile.render(step));
    }
    String conflicting = MigrationFile.path(stored.schema().history().get(5));
    SchemaStep other = new SchemaStep(7, stored.schema().history().get(5).description(), List.of("CREATE INDEX x ON tags (label)"),
        List.of(), true);
    Files.writeString(root.resolve(conflicting), MigrationFile.render(other));
    env.assertRefused(root, "project_generate", "{\"projectId\": \"notes_demo\"}", conflicting + ":4: version",
        "is 7, and driftsmith.yaml still holds its own schema.history, with another step of version 7: the history must be in "
            + "one place; restore driftsmith.yaml and driftsmith/migrations/ from one commit");

    Files.delete(root.resolve(conflicting));
    projects.regenerate(root, "notes_demo", ProjectService.Options.WRITE);
    assertEquals(TestEnv.files(GOLDEN), TestEnv.files(root));
  }

  /** The demo as this release writes it. */
  static final Path GOLDEN = Path.of("src/test/resources/golden/demo");

  /**
   * The project at {@code root} stored as the release before migration files stored it: the whole
   * history inside driftsmith.yaml under {@code schema.history}, and no migrations folder. The
   * generated files stay as they are, so what a move changes is all a test sees.
   */
  static Path inTheFormerFormat(Path root) throws IOException {
    Manifest m = ManifestFiles.manifest(root);
    String header = TestEnv.read(root, Manifest.FILE_NAME).lines().takeWhile(l -> l.startsWith("#")).map(l -> l + "\n")
        .collect(Collectors.joining());
    Files.writeString(root.resolve(Manifest.FILE_NAME), header + ManifestIo.YAML.writeValueAsString(m), StandardCharsets.UTF_8);
    TestEnv.deleteRecursively(root.resolve("driftsmith"));
    return root;
  }

  static Path copy(Path from, Path to) throws IOException {
    return TestEnv.copyTree(from, to);
  }

  static List<String> migrationFiles(Path root) throws IOException {
    try (Stream<Path> list = Files.list(root.resolve(MigrationFile.FOLDER))) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Any tool call on an older project carries the upgrade, and its own step comes after it. */
  @Test
  void aToolCallSavesTheUpgradeWithItsChangeAndSaysSo() throws Exception {
    olderProject();
    ChangeSet changes = (ChangeSet) env.call("drift_add_table", """
        {"projectId": "notes_demo", "name": "events", "columns": [{"name": "title", "type": "text"}, {"name": "startsAt", "type": "dateTime"}]}
        """).structured();
    assertTrue(changes.notes().stream().anyMatch(n -> n.contains("Schema step 17")), changes.notes().toString());
    Manifest saved = ManifestFiles.manifest(dir.resolve("app"));
    assertEquals(19, saved.schema().version(), "the dates (17), global record ids (18), then the new table");
    assertEquals(DateTimeStorage.ISO8601_UTC, saved.database().dateTimes());
    TestEnv.assertContains(saved.schema().history().get(17 - 2).description(), DateTimeUpgrade.DESCRIPTION);
  }
}
