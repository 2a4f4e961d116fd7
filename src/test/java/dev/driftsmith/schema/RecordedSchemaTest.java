package dev.driftsmith.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.generate.ProjectService;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.ManifestFiles;
import dev.driftsmith.workspace.MigrationFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each migration file a tool writes records the schema its step leads to, so a fresh clone (no
 * {@code .dart_tool/}, no proofs of this process) is proven by one fresh install instead of a
 * replay of the whole history; any record that does not match replays as before, and check always
 * replays.
 */
class RecordedSchemaTest {
  private static final String REPLAY_PROBLEM = "replaying the steps gives another schema than a fresh install";

  @TempDir
  Path tmp;

  private Path project;
  private SchemaSteps steps;

  @BeforeEach
  void project() {
    TestEnv env = new TestEnv();
    project = env.projectWithNotes(tmp.resolve("app"));
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"tags\", \"columns\": [{\"name\": \"label\", \"type\": \"text\"}]}");
    steps = env.tools.context().projects().generator().steps();
  }

  @Test
  void everyStepAToolRecordsCarriesTheRecordOfItsSchema() throws Exception {
    List<SchemaStep> history = ManifestFiles.manifest(project).schema().history();
    assertTrue(history.size() >= 2, history::toString);
    for (int k = 0; k < history.size(); k++) {
      List<SchemaStep> upTo = history.subList(0, k + 1);
      assertTrue(history.get(k).leadsTo().startsWith("snapshot-1 schema=sha256:"), history.get(k)::toString);
      assertTrue(history.get(k).leadsTo().contains(" history=sha256:" + hex(Proven.proofDigest(List.of(), upTo)) + " install=sha256:"),
          "the record names the history it ends, then the install it was made from: " + history.get(k));
    }
    Manifest m = ManifestFiles.manifest(project);
    List<String> statements = SqlSchema.freshInstall(steps.model().of(m));
    try (SqliteSandbox fresh = SqliteSandbox.with(statements);
         SqliteSandbox upgraded = SqliteSandbox.with(Migrations.replay(m.schema().history(), Integer.MAX_VALUE))) {
      assertEquals(RecordedSchema.of(upgraded.snapshot(), statements, m.schema().history()), last(m).leadsTo(),
          "the record is the digest of the upgraded database's description");
      assertEquals(RecordedSchema.of(fresh.snapshot(), statements, m.schema().history()), last(m).leadsTo());
    }
  }

  @Test
  void theSameCallsRecordTheSameBytes() throws Exception {
    TestEnv env = new TestEnv();
    Path again = env.projectWithNotes(tmp.resolve("again"));
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"tags\", \"columns\": [{\"name\": \"label\", \"type\": \"text\"}]}");
    assertEquals(migrationFiles(project), migrationFiles(again));
  }

  /** A record of the build before the install part, or of another install (another SQLite): confirmed by installing fresh. */
  @Test
  void aRecordWithoutThisInstallIsConfirmedByAFreshInstall() throws Exception {
    String recorded = last(ManifestFiles.manifest(project)).leadsTo();
    String described = recorded.substring(0, recorded.indexOf(" install="));
    for (String record : List.of(described, described + " install=sha256:" + "0".repeat(64))) {
      Path clone = cloneOf(project, "clone-" + record.length());
      rewriteTheLastRecord(clone, record);
      Map<String, String> before = TestEnv.files(clone);
      SchemaSteps.forgetAll();
      long opened = SqliteSandbox.opened();
      long replayed = SchemaSteps.replayedSteps();

      projects().regenerateInFull(clone, null, ProjectService.Options.WRITE);
      assertTrue(SqliteSandbox.opened() > opened, "the fresh install was made and described: " + record);
      assertEquals(replayed, SchemaSteps.replayedSteps(), "its description is the recorded one: no step was replayed: " + record);
      assertEquals(before, TestEnv.files(clone), "the record is read, never rewritten: " + record);
    }
  }

  /** The record names this fresh install and this history, so generate opens no SQLite database at all. */
  @Test
  void aFreshCloneIsProvenWithoutSqliteAndCheckStillReplaysEveryStep() throws Exception {
    Path clone = cloneOf(project, "clone");
    Map<String, String> before = TestEnv.files(clone);
    SchemaSteps.forgetAll();
    long opened = SqliteSandbox.opened();
    long replayed = SchemaSteps.replayedSteps();

    projects().regenerateInFull(clone, null, ProjectService.Options.WRITE);
    assertEquals(opened, SqliteSandbox.opened(), "no database was opened: neither a fresh install nor a replay");
    assertEquals(replayed, SchemaSteps.replayedSteps(), "no step was replayed");
    assertEquals(before, TestEnv.files(clone), "a clone of a generated project is up to date");

    assertEquals(List.of(), projects().check(clone));
    int history = ManifestFiles.manifest(clone).schema().history().size();
    assertEquals(replayed + history, SchemaSteps.replayedSteps(), "check replays every step, whatever the record says");
  }

  @Test
  void aHandEditedManifestIsReplayedAndRefusedAsBefore() throws Exception {
    Path clone = cloneOf(project, "clone");
    TestEnv.handEditAColumnNoStepAdds(clone);
    Map<String, String> before = TestEnv.files(clone);
    SchemaSteps.forgetAll();
    long replayed = SchemaSteps.replayedSteps();

    ToolException refused = assertThrows(ToolException.class, () -> projects().regenerateInFull(clone, null, ProjectService.Options.WRITE));
    assertTrue(refused.getMessage().contains(REPLAY_PROBLEM), refused::getMessage);
    assertTrue(SchemaSteps.replayedSteps() > replayed, "the record of another schema is no proof: the history was replayed");
    assertEquals(before, TestEnv.files(clone), "a refused call changes nothing");
  }

  @Test
  void aRecordOfAnotherFormatHistoryOrSchemaIsReplayed() throws Exception {
    Manifest m = ManifestFiles.manifest(project);
    String recorded = last(m).leadsTo();
    String schemaPart = recorded.substring(0, recorded.indexOf(" history="));
    String installPart = recorded.substring(recorded.indexOf(" install="));
    List<String> forged = List.of(
        recorded.replace("snapshot-1 ", "snapshot-2 "),
        schemaPart + " history=sha256:" + "0".repeat(64) + installPart,
        "snapshot-1 schema=sha256:" + "0".repeat(64) + recorded.substring(recorded.indexOf(" history="), recorded.indexOf(" install=")),
        recorded + " install=sha256:" + "0".repeat(64),
        "a-later-format of its own");
    for (String record : forged) {
      Path clone = cloneOf(project, "clone-" + forged.indexOf(record));
      rewriteTheLastRecord(clone, record);
      SchemaSteps.forgetAll();
      long replayed = SchemaSteps.replayedSteps();
      projects().regenerateInFull(clone, null, ProjectService.Options.WRITE);
      assertTrue(SchemaSteps.replayedSteps() > replayed, "not trusted, so replayed: " + record);
    }
  }

  @Test
  void aStepWithoutARecordIsReplayed() throws Exception {
    Path clone = cloneOf(project, "clone");
    rewriteTheLastRecord(clone, null);
    assertNull(last(ManifestFiles.manifest(clone)).leadsTo());
    SchemaSteps.forgetAll();
    long replayed = SchemaSteps.replayedSteps();
    projects().regenerateInFull(clone, null, ProjectService.Options.WRITE);
    assertTrue(SchemaSteps.replayedSteps() > replayed, "a file without the line: the history is replayed");
  }

  /**
   * A record forged to claim the schema and the fresh install of a hand edit that no step makes:
   * generate trusts it without opening SQLite (the forger could as well have written the Dart),
   * check replays and refuses.
   */
  @Test
  void checkCatchesAForgedRecordThatHidesADeparture() throws Exception {
    Path clone = cloneOf(project, "clone");
    TestEnv.handEditAColumnNoStepAdds(clone);
    Manifest edited = ManifestFiles.manifest(clone);
    List<String> statements = SqlSchema.freshInstall(steps.model().of(edited));
    try (SqliteSandbox fresh = SqliteSandbox.with(statements)) {
      rewriteTheLastRecord(clone, RecordedSchema.of(fresh.snapshot(), statements, edited.schema().history()));
    }
    assertTrue(steps.departureInFull(ManifestFiles.manifest(clone)).isPresent(), "the replay departs from the fresh install");
    SchemaSteps.forgetAll();
    long opened = SqliteSandbox.opened();

    projects().regenerateInFull(clone, null, ProjectService.Options.WRITE);
    assertEquals(opened, SqliteSandbox.opened(), "the forged install digest spared the proof of generate");
    for (ProjectService checking : List.of(projects(), projects())) {
      ToolException found = assertThrows(ToolException.class, () -> checking.check(clone));
      assertTrue(found.getMessage().contains(REPLAY_PROBLEM), found::getMessage);
    }
  }

  private static ProjectService projects() {
    return new TestEnv().tools.context().projects();
  }

  private static SchemaStep last(Manifest m) {
    return m.schema().history().get(m.schema().history().size() - 1);
  }

  /** A copy of {@code root} as git clones it: everything but {@code .dart_tool/}. */
  private Path cloneOf(Path root, String name) throws IOException {
    Path clone = tmp.resolve(name);
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.toList()) {
        String relative = root.relativize(p).toString();
        if (relative.startsWith(".dart_tool")) continue;
        Path target = clone.resolve(relative);
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target);
      }
    }
    return clone;
  }

  /** The last migration file rewritten with {@code record} as its record (none when null), as Driftsmith writes a file. */
  private static void rewriteTheLastRecord(Path root, String record) throws Exception {
    Path file;
    try (Stream<Path> files = Files.list(root.resolve(MigrationFile.FOLDER))) {
      file = files.sorted().reduce((a, b) -> b).orElseThrow();
    }
    String path = MigrationFile.FOLDER + "/" + file.getFileName();
    SchemaStep step = MigrationFile.read(path, Files.readString(file)).step();
    Files.writeString(file, MigrationFile.render(step.leadingTo(record)));
  }

  private static Map<String, String> migrationFiles(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(root.resolve(MigrationFile.FOLDER))) {
      for (Path file : list.toList()) files.put(file.getFileName().toString(), Files.readString(file));
    }
    return files;
  }

  private static String hex(java.nio.ByteBuffer digest) {
    return java.util.HexFormat.of().formatHex(digest.array());
  }
}
