package dev.driftsmith.generate;

import static dev.driftsmith.testing.TestEnv.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.testing.Concurrently;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.MigrationFile;
import dev.driftsmith.workspace.ManifestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers of one project inside one process: one folder reached by two paths is one lock, and a
 * manifest that changed on disk while a call ran is never overwritten.
 */
class ManyWritersTest {
  @TempDir
  Path dir;

  @Test
  void oneFolderReachedThroughASymlinkLosesNoUpdate() throws Exception {
    Path real = Files.createDirectories(dir.resolve("real"));
    Path link = Concurrently.symlink(dir.resolve("link"), real);
    TestEnv env = new TestEnv();
    env.project(real.resolve("app"), "direct");
    // The same folder registered a second time through the link, as macOS's /tmp → /private/tmp does.
    env.call("project_open", "{\"path\": " + TestEnv.quote(link.resolve("app")) + ", \"id\": \"linked\"}");

    List<Callable<ChangeSet>> calls = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      for (String id : List.of("direct", "linked")) {
        String json = "{\"projectId\": \"" + id + "\", \"name\": \"t_" + id + "_" + i + "\", "
            + "\"columns\": [{\"name\": \"label\", \"type\": \"text\"}]}";
        calls.add(() -> (ChangeSet) env.call("drift_add_table", json).structured());
      }
    }
    List<ChangeSet> results = Concurrently.run(calls);

    Manifest manifest = ManifestFiles.manifest(real.resolve("app"));
    Set<String> tables = new TreeSet<>(manifest.schema().tables().stream().map(Table::name).toList());
    assertEquals(20, tables.size(), () -> "tables in driftsmith.yaml: " + tables);
    for (String table : tables) {
      assertTrue(Files.isRegularFile(real.resolve("app/lib/data/tables/" + table + ".dart")), table);
    }
    List<Integer> versions = results.stream().map(ChangeSet::schemaVersion).sorted().toList();
    assertEquals(IntStream.rangeClosed(2, 21).boxed().toList(), versions, "every call got its own schema version");
    assertEquals(21, manifest.schema().version());
  }

  @Test
  void aLinkAtTheLockFilesNameIsRefusedAndNothingIsWrittenAnywhere() throws Exception {
    TestEnv env = new TestEnv();
    Path root = env.project(dir.resolve("p"));
    Path outside = Files.createDirectories(dir.resolve("outside")).resolve("driftsmith.lock");
    Path lockFile = root.resolve(ProjectService.LOCK_FILE);
    Files.deleteIfExists(lockFile);
    Concurrently.symlink(lockFile, outside);
    Map<String, String> before = TestEnv.files(root);
    ToolException refused = env.error("drift_add_table", "{\"projectId\": \"p\", \"name\": \"notes\", "
        + "\"columns\": [{\"name\": \"label\", \"type\": \"text\"}]}");
    assertContains(refused.getMessage(), ".dart_tool/driftsmith.lock in " + root + " is a symbolic link; nothing was written");
    assertEquals(before, TestEnv.files(root));
    assertFalse(Files.exists(outside, LinkOption.NOFOLLOW_LINKS), "no lock file was created where the link points");
  }

  @Test
  void aManifestEditedWhileACallRunsIsKeptAndTheCallIsRedoneOnIt() throws Exception {
    TestEnv env = new TestEnv();
    Path root = env.project(dir.resolve("p"));
    Path yaml = root.resolve(Manifest.FILE_NAME);
    AtomicInteger runs = new AtomicInteger();
    List<String> notes = new ArrayList<>();
    ChangeSet changes = service(env).update("p", current -> {
      // The user's editor saves driftsmith.yaml while the first run of the call is under way.
      if (runs.incrementAndGet() == 1) replaceInFile(yaml, "name: sample_app", "name: sample_app\n  displayName: Saved By Hand");
      notes.add("run " + runs.get());
      return withDescription(current, "written by the call");
    }, ProjectService.Options.WRITE, notes);

    assertEquals(2, runs.get(), "the call is redone once on the fresh manifest");
    Manifest saved = ManifestFiles.manifest(root);
    assertEquals("Saved By Hand", saved.project().displayName(), "the hand edit survives");
    assertEquals("written by the call", saved.project().description(), "the call's change is there too");
    assertEquals(List.of("driftsmith.yaml changed on disk while this call ran; the call was redone on the new contents.",
        "run 2"), changes.notes(), "notes of the discarded run are dropped");
  }

  @Test
  void aManifestThatKeepsChangingRefusesTheCallAndWritesNothing() throws Exception {
    TestEnv env = new TestEnv();
    Path root = env.project(dir.resolve("p"));
    Path yaml = root.resolve(Manifest.FILE_NAME);
    AtomicInteger runs = new AtomicInteger();
    try {
      service(env).update("p", current -> {
        replaceInFile(yaml, "version: 1", "version: 1\n# edit " + runs.incrementAndGet());
        return withDescription(current, "written by the call");
      }, ProjectService.Options.WRITE, new ArrayList<>());
      fail("a call whose manifest changed twice underneath must be refused");
    } catch (ToolException e) {
      assertTrue(e.getMessage().startsWith("driftsmith.yaml: changed on disk while this call ran"), e.getMessage());
      assertContains(e.getMessage(), "nothing was written");
    }
    assertEquals(2, runs.get());
    String onDisk = Files.readString(yaml, StandardCharsets.UTF_8);
    assertContains(onDisk, "# edit 2");
    assertTrue(!onDisk.contains("written by the call"), onDisk);
  }

  /**
   * The migration files are state like driftsmith.yaml: one renamed while a call runs (as a
   * checkout or another program may) makes the call start again on what is there now, so it does
   * not write the step again under its old name.
   */
  @Test
  void aMigrationFileRenamedWhileACallRunsIsKeptAndTheCallIsRedone() throws Exception {
    TestEnv env = new TestEnv();
    Path root = env.projectWithNotes(dir.resolve("p"));
    Path step = root.resolve(MigrationFile.FOLDER + "/0002_add_table_notes.sql");
    Path renamed = root.resolve(MigrationFile.FOLDER + "/0002_notes.sql");
    AtomicInteger runs = new AtomicInteger();
    ChangeSet changes = service(env).update("p", current -> {
      if (runs.incrementAndGet() == 1) move(step, renamed);
      return withDescription(current, "written by the call");
    }, ProjectService.Options.WRITE, new ArrayList<>());

    assertEquals(2, runs.get(), "the call is redone once on the fresh state");
    assertEquals(List.of("driftsmith/migrations/0002_add_table_notes.sql, driftsmith/migrations/0002_notes.sql changed on disk "
        + "while this call ran; the call was redone on the new contents."), changes.notes());
    assertTrue(Files.notExists(step), "the step is not written again under its old name");
    assertEquals(List.of(), service(env).check(root));
  }

  /** A migration file edited while a call runs is never built on: the call is redone, and the redone load refuses it. */
  @Test
  void aMigrationFileEditedWhileACallRunsRefusesTheCallAndWritesNothing() throws Exception {
    TestEnv env = new TestEnv();
    Path root = env.projectWithNotes(dir.resolve("p"));
    Path step = root.resolve(MigrationFile.FOLDER + "/0002_add_table_notes.sql");
    Map<String, String> before = new java.util.TreeMap<>(TestEnv.files(root));
    AtomicInteger runs = new AtomicInteger();
    try {
      service(env).update("p", current -> {
        if (runs.incrementAndGet() == 1) replaceInFile(step, "\"title\" TEXT NOT NULL", "\"title\" TEXT");
        return withDescription(current, "written by the call");
      }, ProjectService.Options.WRITE, new ArrayList<>());
      fail("a call must not build on a migration file edited underneath it");
    } catch (ToolException e) {
      assertTrue(e.getMessage().startsWith(MigrationFile.FOLDER + "/0002_add_table_notes.sql: edited by hand"), e.getMessage());
    }
    assertEquals(1, runs.get(), "the redone call stops at its load, before the change runs again");
    before.put(MigrationFile.FOLDER + "/0002_add_table_notes.sql", TestEnv.read(root, MigrationFile.FOLDER + "/0002_add_table_notes.sql"));
    assertEquals(before, TestEnv.files(root), "nothing written but the hand edit");
  }

  /** A migration file that keeps changing refuses the call with its name, as driftsmith.yaml does. */
  @Test
  void aMigrationFileThatKeepsChangingRefusesTheCall() throws Exception {
    TestEnv env = new TestEnv();
    Path root = env.projectWithNotes(dir.resolve("p"));
    Path folder = root.resolve(MigrationFile.FOLDER);
    AtomicInteger runs = new AtomicInteger();
    try {
      service(env).update("p", current -> {
        Path from = folder.resolve(runs.get() == 0 ? "0002_add_table_notes.sql" : "0002_notes_" + runs.get() + ".sql");
        move(from, folder.resolve("0002_notes_" + runs.incrementAndGet() + ".sql"));
        return withDescription(current, "written by the call");
      }, ProjectService.Options.WRITE, new ArrayList<>());
      fail("a call whose migration files changed twice underneath must be refused");
    } catch (ToolException e) {
      assertTrue(e.getMessage().startsWith(MigrationFile.FOLDER + "/0002_notes_1.sql: changed on disk while this call ran, and "
          + "again after it was redone"), e.getMessage());
    }
    assertTrue(!TestEnv.read(root, Manifest.FILE_NAME).contains("written by the call"));
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static ProjectService service(TestEnv env) {
    return env.tools.context().projects();
  }

  private static Manifest withDescription(Manifest m, String description) {
    var p = m.project();
    return new Manifest(new Manifest.ProjectInfo(p.id(), p.name(), p.displayName(), description, p.pwa()),
        m.database(), m.schema(), m.features());
  }

  private static void replaceInFile(Path file, String from, String to) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      assertTrue(text.contains(from), () -> "expected <" + from + "> in " + text);
      Files.writeString(file, text.replaceFirst(java.util.regex.Pattern.quote(from), to), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

}
