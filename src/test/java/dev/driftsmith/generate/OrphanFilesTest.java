package dev.driftsmith.generate;

import static dev.driftsmith.testing.TestEnv.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestIo;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.FileChange.Status;
import dev.driftsmith.workspace.FileChange;
import dev.driftsmith.workspace.ManifestFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated files the manifest no longer produces (a feature or DAO removed from driftsmith.yaml):
 * check reports them, generate deletes them unless edited by hand, and dry runs only show it.
 */
class OrphanFilesTest {
  private static final String CACHE = "lib/data/cache/query_cache.dart";
  private static final String DAO = "lib/data/daos/items_dao.dart";

  @TempDir
  Path dir;

  @Test
  void filesOfAFeatureRemovedFromTheManifestAreReportedThenDeleted() throws Exception {
    TestEnv env = new TestEnv();
    Path root = cachedProject(env);
    assertTrue(Files.isRegularFile(root.resolve(CACHE)));
    removeFeature(root, "queryCache");

    List<ProjectService.Problem> problems = service(env).check(root);
    Map<String, String> byPath = new TreeMap<>();
    problems.forEach(p -> byPath.put(p.path(), p.problem()));
    assertEquals("no longer produced by driftsmith.yaml; `driftsmith generate` deletes it", byPath.get(CACHE));
    @SuppressWarnings("unchecked")
    var listed = (List<Map<String, String>>) ((Map<String, Object>) env.call("project_get", "{\"projectId\": \"p\"}").structured()).get("files");
    assertEquals(Map.of("path", CACHE, "kind", "orphaned", "status", byPath.get(CACHE)),
        listed.stream().filter(f -> f.get("path").equals(CACHE)).findFirst().orElseThrow(), "project_get lists it");

    ChangeSet dry = generate(env, true, false);
    FileChange planned = change(dry, CACHE);
    assertEquals(Status.deleted, planned.status());
    assertNotNull(planned.diff());
    assertContains(planned.diff(), "+++ /dev/null");
    assertContains(planned.diff(), "-class QueryCache");
    assertTrue(Files.isRegularFile(root.resolve(CACHE)), "a dry run deletes nothing");

    ChangeSet real = generate(env, false, false);
    assertEquals(Status.deleted, change(real, CACHE).status());
    assertContains(real.summary(), "deleted " + CACHE + " — driftsmith.yaml no longer produces it");
    assertFalse(Files.exists(root.resolve(CACHE)));
    for (ProjectService.Problem p : service(env).check(root)) {
      assertFalse(p.path().startsWith("lib/data/cache/"), () -> "still reported after generate: " + p);
    }
    assertEquals(0, generate(env, false, false).count(Status.deleted), "the second run has nothing left to delete");
  }

  @Test
  void aFolderEmptiedByDeletionsGoesToo() throws Exception {
    TestEnv env = new TestEnv();
    Path root = daoProject(env);
    removeFeature(root, "daos");
    generate(env, false, false);
    assertFalse(Files.exists(root.resolve(DAO)));
    assertFalse(Files.exists(root.resolve("lib/data/daos")), "the emptied daos/ folder is removed");
    assertTrue(Files.isDirectory(root.resolve("lib/data/tables")));
  }

  @Test
  void anEditedOrphanIsRefusedUnlessForced() throws Exception {
    TestEnv env = new TestEnv();
    Path root = daoProject(env);
    Path dao = root.resolve(DAO);
    String edited = Files.readString(dao, StandardCharsets.UTF_8) + "// my own helper\n";
    Files.writeString(dao, edited, StandardCharsets.UTF_8);
    removeFeature(root, "daos");

    String problem = service(env).check(root).stream().filter(p -> p.path().equals(DAO)).findFirst().orElseThrow().problem();
    assertContains(problem, "no longer produced by driftsmith.yaml, and edited by hand");

    ChangeSet refused = generate(env, false, false);
    assertEquals(Status.refused, change(refused, DAO).status());
    assertContains(change(refused, DAO).reason(), "pass force: true to delete it");
    assertTrue(refused.hasRefusals());
    assertEquals(edited, Files.readString(dao, StandardCharsets.UTF_8), "the edit is kept");

    assertEquals(Status.deleted, change(generate(env, false, true), DAO).status());
    assertFalse(Files.exists(dao));
  }

  @Test
  void filesWithoutOurHeaderAndFilesInSkippedFoldersAreNeverTouched() throws Exception {
    TestEnv env = new TestEnv();
    Path root = daoProject(env);
    String ours = Files.readString(root.resolve(DAO), StandardCharsets.UTF_8);
    // Our header, copied into build output and into a nested package: not this project's files.
    Map<String, String> elsewhere = Map.of(
        "build/generated/items_dao.dart", ours,
        ".dart_tool/cache/items_dao.dart", ours,
        "packages/other/lib/items_dao.dart", ours,
        "packages/other/pubspec.yaml", "name: other\n",
        "lib/mine.dart", "// GENERATED? no: written by me\nvoid main() {}\n");
    for (var e : elsewhere.entrySet()) {
      Files.createDirectories(root.resolve(e.getKey()).getParent());
      Files.writeString(root.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
    }
    removeFeature(root, "daos");
    ChangeSet changes = generate(env, false, true);
    assertEquals(List.of(DAO), changes.files().stream().filter(f -> f.status() == Status.deleted).map(FileChange::path).toList());
    for (var e : elsewhere.entrySet()) {
      assertEquals(e.getValue(), Files.readString(root.resolve(e.getKey()), StandardCharsets.UTF_8), e.getKey());
    }
  }

  @Test
  void tempFilesLeftByAnInterruptedWriteAreRemovedOnTheNextRun() throws Exception {
    TestEnv env = new TestEnv();
    Path root = env.project(dir.resolve("p"));
    // What a write killed between creating its temp file and moving it leaves behind.
    List<String> leftovers = List.of("lib/data/.database.dart.k3j2h1.driftsmith-tmp", ".driftsmith.yaml4821937.driftsmith-tmp");
    for (String leftover : leftovers) Files.writeString(root.resolve(leftover), "half written", StandardCharsets.UTF_8);
    Path unrelated = Files.writeString(root.resolve("lib/data/notes.driftsmith-tmp.txt"), "mine", StandardCharsets.UTF_8);

    ChangeSet dry = generate(env, true, false);
    assertContains(String.join("\n", dry.notes()), "Would remove 2 temp file(s) left by an interrupted write");
    for (String leftover : leftovers) assertTrue(Files.exists(root.resolve(leftover)), "a dry run removes nothing");

    ChangeSet real = generate(env, false, false);
    assertContains(real.summary(), "Removed 2 temp file(s) left by an interrupted write: "
        + ".driftsmith.yaml4821937.driftsmith-tmp, lib/data/.database.dart.k3j2h1.driftsmith-tmp.");
    for (String leftover : leftovers) assertFalse(Files.exists(root.resolve(leftover)), leftover);
    assertTrue(Files.exists(unrelated), "only our temp files are removed");
    try (var files = Files.walk(root)) {
      assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".driftsmith-tmp")).toList(),
          "and a write leaves none of its own");
    }
  }

  @Test
  void theChangeSetSchemaAndSummaryKnowDeletions() {
    @SuppressWarnings("unchecked")
    var status = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
        ((Map<String, Object>) ChangeSet.outputSchema().get("properties")).get("files")).get("items")).get("properties")).get("status");
    assertEquals(List.of("created", "updated", "unchanged", "refused", "deleted"), status.get("enum"));
    ChangeSet changes = new ChangeSet("p", "/x", false, 1, List.of(new FileChange("a.dart", Status.deleted, "gone", null)), List.of());
    assertContains(changes.summary(), "0 refused, 1 deleted in /x");
    assertContains(changes.summary(), "\n  deleted a.dart — gone");
  }

  private Path cachedProject(TestEnv env) {
    Path root = env.project(dir.resolve("p"));
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"items\", \"columns\": [{\"name\": \"label\", \"type\": \"text\"}]}");
    env.call("drift_configure_query_cache", "{\"projectId\": \"p\", \"enabled\": true}");
    return root;
  }

  private Path daoProject(TestEnv env) {
    Path root = env.project(dir.resolve("p"));
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"items\", \"columns\": [{\"name\": \"label\", \"type\": \"text\"}]}");
    env.call("drift_generate_dao", "{\"projectId\": \"p\", \"tableName\": \"items\"}");
    assertTrue(Files.isRegularFile(root.resolve(DAO)));
    return root;
  }

  /** The hand edit of driftsmith.yaml that drops one feature's configuration. */
  private static void removeFeature(Path root, String key) throws Exception {
    Manifest m = ManifestFiles.manifest(root);
    Map<String, Object> features = new TreeMap<>(m.features());
    assertNotNull(features.remove(key), () -> "no feature " + key + " in " + features.keySet());
    Files.writeString(ManifestIo.path(root), ManifestIo.toYaml(new Manifest(m.project(), m.database(), m.schema(), features)),
        StandardCharsets.UTF_8);
  }

  private static ChangeSet generate(TestEnv env, boolean dryRun, boolean force) {
    return (ChangeSet) env.call("project_generate",
        "{\"projectId\": \"p\", \"dryRun\": " + dryRun + ", \"force\": " + force + "}").structured();
  }

  private static FileChange change(ChangeSet changes, String path) {
    return changes.files().stream().filter(f -> f.path().equals(path)).findFirst()
        .orElseThrow(() -> new AssertionError(path + " not in the change set:\n" + changes.summary()));
  }

  private static ProjectService service(TestEnv env) {
    return env.tools.context().projects();
  }
}
