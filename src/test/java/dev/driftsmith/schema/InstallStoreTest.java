package dev.driftsmith.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.generate.GeneratorBuild;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.ManifestFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fresh install a write used, stored in the project, spares a new process the install of every
 * CREATE of the project: its first write brings the stored install to its own schema. A file that is
 * not whole, not of this build, or whose database holds anything but its statements' objects is
 * ignored, and the call answers as without one. Each call here begins as a new process would: nothing
 * proven, no replay or install in memory.
 */
class InstallStoreTest {
  private static final String BROKEN = "would make upgraded databases differ from fresh installs";

  @TempDir
  Path tmp;

  private final TestEnv env = new TestEnv();
  private Path root;

  @BeforeEach
  void project() {
    newProcess();
    root = env.projectWithNotes(tmp.resolve("app"));
  }

  @Test
  void aWriteThatInstalledInFullStoresTheFreshInstallOfTheSchemaItSaved() throws Exception {
    List<String> fresh = fresh(root);
    FreshInstalls.Install stored = InstallStore.load(root, GeneratorBuild.id()).orElseThrow();
    try (stored; FreshInstalls.Install full = FreshInstalls.inFull(fresh).install()) {
      assertTrue(stored.holdsExactly(fresh));
      assertEquals(full.db.snapshot(), stored.db.snapshot());
    }
  }

  /** The demo's statements hold every kind we write: tables, indexes, triggers, FTS5 tables; each reads back as SQLite keeps it. */
  @Test
  void theDemosStoredInstallIsReadBack() throws Exception {
    newProcess();
    Path demo = TestEnv.demo(tmp.resolve("demo"));
    // Without a proof or an install at hand, a write call installs the demo's schema in full and stores it.
    Files.delete(demo.resolve(ProofStore.FILE));
    Files.delete(demo.resolve(InstallStore.FILE));
    newProcess();
    TestEnv demoEnv = new TestEnv();
    demoEnv.call("project_open", "{\"path\": " + TestEnv.quote(demo) + ", \"id\": \"demo\"}");
    demoEnv.call("drift_add_table", addTableJson("install_probe").replace("\"p\"", "\"demo\""));
    List<String> fresh = fresh(demo);
    FreshInstalls.Install stored = InstallStore.load(demo, GeneratorBuild.id()).orElseThrow(
        () -> new AssertionError("the demo's stored install was not read back"));
    try (stored; FreshInstalls.Install full = FreshInstalls.inFull(fresh).install()) {
      assertTrue(stored.holdsExactly(fresh));
      assertEquals(full.db.snapshot(), stored.db.snapshot());
    }
  }

  @Test
  void aNewProcessBringsTheStoredInstallToItsSchemaInsteadOfInstallingInFull() {
    Path twin = twinWithoutStoredInstall();
    newProcess();
    long full = FreshInstalls.fullInstalls();
    env.call("drift_add_table", addTableJson("tags"));
    assertEquals(full, FreshInstalls.fullInstalls(), "the call installed every CREATE again");
    assertSameProjects(twin);
  }

  @Test
  void aStoredFileThatIsNotWholeOrNotOursIsIgnoredAndTheCallAnswersAsWithoutOne() throws Exception {
    byte[] stored = Files.readAllBytes(root.resolve(InstallStore.FILE));
    String text = new String(stored, StandardCharsets.ISO_8859_1);
    int header = text.indexOf('\n', text.indexOf('\n', text.indexOf('\n') + 1) + 1) + 1;
    Map<String, byte[]> variants = new LinkedHashMap<>();
    variants.put("another build", new String(stored, StandardCharsets.ISO_8859_1)
        .replace(GeneratorBuild.id(), "0".repeat(GeneratorBuild.id().length())).getBytes(StandardCharsets.ISO_8859_1));
    variants.put("cut short", Arrays.copyOf(stored, stored.length - 100));
    variants.put("one byte of the database changed", flipped(stored, header + 5000));
    variants.put("one byte of a statement changed", flipped(stored, stored.length - 100));
    variants.put("no header", Arrays.copyOfRange(stored, header, stored.length));
    variants.put("empty", new byte[0]);
    for (var variant : variants.entrySet()) {
      Files.write(root.resolve(InstallStore.FILE), variant.getValue());
      assertTrue(InstallStore.load(root, GeneratorBuild.id()).isEmpty(), variant.getKey());
    }
    Path twin = twinWithoutStoredInstall();
    Files.write(root.resolve(InstallStore.FILE), flipped(stored, header + 5000));
    newProcess();
    long full = FreshInstalls.fullInstalls();
    env.call("drift_add_table", addTableJson("tags"));
    assertEquals(full + 1, FreshInstalls.fullInstalls(), "a damaged file is no file: the call installs in full");
    assertSameProjects(twin);
  }

  /**
   * A database whose objects are not what its listed statements make, written with a valid header and
   * CRC: here a column the manifest does not have, beside a stored replay that has it too. Trusted, the
   * two would agree and the call would accept a history that does not upgrade to its fresh install.
   */
  @Test
  void aStoredDatabaseThatIsNotTheInstallOfItsStatementsIsIgnored() throws Exception {
    forgeTheStoredInstall("ALTER TABLE notes ADD COLUMN body TEXT");
    assertTrue(InstallStore.load(root, GeneratorBuild.id()).isEmpty());
    try (SqliteSandbox replay = SqliteSandbox.with(Migrations.replay(ManifestFiles.manifest(root).schema().history(), Integer.MAX_VALUE))) {
      replay.execute("ALTER TABLE notes ADD COLUMN body TEXT");
      List<dev.driftsmith.project.SchemaStep> history = ManifestFiles.manifest(root).schema().history();
      ReplayStore.write(root, GeneratorBuild.id(), history.size(), Replays.key(history), replay.image());
    }
    newProcess();
    String answer = addTable("tags");
    assertTrue(answer.contains(BROKEN), answer);
  }

  /**
   * A stored install with a row in a table, written with a valid header and CRC. A fresh install has
   * no rows, and a copy of it may stand in for the upgraded database: trusted, the row would make the
   * next step run on a database no device has, refusing here a step that every upgrade runs.
   */
  @Test
  void aStoredDatabaseWithRowsIsNoFreshInstall() throws Exception {
    forgeTheStoredInstall("INSERT INTO notes (id, title) VALUES (1, 'planted')");
    assertTrue(InstallStore.load(root, GeneratorBuild.id()).isEmpty(), "a database with a row read as a fresh install");
    Files.delete(root.resolve(ReplayStore.FILE));
    newProcess();
    env.call("drift_create_migration", "{\"projectId\": \"p\", \"name\": \"first note\", "
        + "\"upStatements\": [\"INSERT INTO notes (id, title) VALUES (1, 'first')\"], \"downStatements\": []}");
  }

  @Test
  void aDryRunStoresNothing() throws Exception {
    Files.delete(root.resolve(InstallStore.FILE));
    newProcess();
    env.call("drift_add_table", addTableJson("tags").replace("}]}", "}], \"dryRun\": true}"));
    assertFalse(Files.exists(root.resolve(InstallStore.FILE)));
  }

  @Test
  void aRefusedCallLeavesTheCachesAsTheyWere() {
    newProcess();
    env.assertRefused(root, "drift_create_migration", "{\"projectId\": \"p\", \"name\": \"x\", "
        + "\"upStatements\": [\"CREATE TABLE notes (x)\"], \"downStatements\": []}", "upStatements[0]", "already exists");
  }

  @Test
  void aCallThatStartedFromTheStoredInstallStoresItAgainOnlyWhenItIsStale() throws Exception {
    byte[] first = Files.readAllBytes(root.resolve(InstallStore.FILE));
    newProcess();
    env.call("drift_add_table", addTableJson("tags"));
    assertEquals(Arrays.hashCode(first), Arrays.hashCode(Files.readAllBytes(root.resolve(InstallStore.FILE))),
        "one table's statements are not worth a megabyte written");
    for (int i = 1; i < FreshInstalls.STALE; i++) env.call("drift_add_table", addTableJson("t" + i));
    FreshInstalls.Install stored = InstallStore.load(root, GeneratorBuild.id()).orElseThrow();
    try (stored) {
      assertTrue(stored.holdsExactly(fresh(root)), "stored again once " + FreshInstalls.STALE + " statements ran since");
    }
  }

  /** A project like {@link #root}, made by the same calls, without a stored install. */
  private Path twinWithoutStoredInstall() {
    TestEnv twinEnv = new TestEnv();
    newProcess();
    Path twin = twinEnv.projectWithNotes(tmp.resolve("twin"));
    try {
      Files.delete(twin.resolve(InstallStore.FILE));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    newProcess();
    twinEnv.call("drift_add_table", addTableJson("tags"));
    return twin;
  }

  private void assertSameProjects(Path twin) {
    try {
      assertEquals(Files.readString(twin.resolve(Manifest.FILE_NAME)), Files.readString(root.resolve(Manifest.FILE_NAME)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertEquals(TestEnv.files(twin), TestEnv.files(root));
  }

  /** The stored install with {@code sql} run on its database, written back with a valid header and CRC. */
  private void forgeTheStoredInstall(String sql) throws Exception {
    Map<String, FreshInstalls.Created> created;
    byte[] forged;
    try (FreshInstalls.Install install = InstallStore.load(root, GeneratorBuild.id()).orElseThrow()) {
      created = new HashMap<>(install.created());
      install.db.execute(sql);
      forged = install.db.image();
    }
    InstallStore.write(root, GeneratorBuild.id(), fresh(root), created, forged);
  }

  private static void newProcess() {
    SchemaSteps.forgetAll();
    SchemaSteps.INSTALLS.clear();
  }

  /** "ok", or the message of the refusal. */
  private String addTable(String name) {
    try {
      env.tools.call("drift_add_table", dev.driftsmith.input.Args.parse(addTableJson(name)));
      return "ok";
    } catch (dev.driftsmith.input.ToolException e) {
      return e.getMessage();
    }
  }

  private List<String> fresh(Path project) {
    try {
      Manifest m = ManifestFiles.manifest(project);
      return SqlSchema.freshInstall(env.tools.context().projects().generator().steps().model().of(m));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String addTableJson(String name) {
    return "{\"projectId\": \"p\", \"name\": \"" + name + "\", \"columns\": [{\"name\": \"title\", \"type\": \"text\"}]}";
  }

  private static byte[] flipped(byte[] bytes, int at) {
    byte[] out = bytes.clone();
    out[at] ^= 0x5a;
    return out;
  }
}
