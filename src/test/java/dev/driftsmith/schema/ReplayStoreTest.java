package dev.driftsmith.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.driftsmith.generate.GeneratorBuild;
import dev.driftsmith.generate.ProjectService;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.ManifestFiles;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database of a proven history, stored in the project, spares a new process the replay of that
 * history: its first write runs only the steps the stored database lacks. A file that is not
 * exactly of this build and of a prefix of the history is ignored. Each test begins as a new process
 * would: nothing proven, no replay in memory.
 */
class ReplayStoreTest {
  private static final String BROKEN = "would make upgraded databases differ from fresh installs";

  @TempDir
  Path tmp;

  private final TestEnv env = new TestEnv();
  private Path root;

  @BeforeEach
  void project() {
    SchemaSteps.forgetAll();
    root = env.projectWithNotes(tmp.resolve("app"));
  }

  @Test
  void aWriteThatReplayedFromNothingStoresTheDatabaseOfTheHistoryItSaved() throws Exception {
    List<SchemaStep> history = history();
    String header = new String(Files.readAllBytes(root.resolve(ReplayStore.FILE)), StandardCharsets.ISO_8859_1);
    assertTrue(header.startsWith("driftsmith-replay 1\n" + GeneratorBuild.id() + "\n" + history.size() + " " + Replays.key(history) + " "),
        header.substring(0, 200));
    Optional<ReplayStore.Loaded> loaded = ReplayStore.load(root, GeneratorBuild.id(), history, Replays.keys(history));
    assertTrue(loaded.isPresent());
    try (SqliteSandbox db = loaded.get().db()) {
      assertEquals(history.size(), loaded.get().steps());
      assertEquals(SqliteSandbox.with(Migrations.replay(history, Integer.MAX_VALUE)).snapshot(), db.snapshot());
    }
  }

  @Test
  void aNewProcessProvesItsStepOnTheStoredDatabase() throws Exception {
    breakTheHistoryAndTrustItsProof();
    // The stored database is of the steps as they are: the new step's proof finds the hand edit missing.
    String first = addTable("tags");
    assertTrue(first.contains(BROKEN), first);

    storeDatabaseWithTheHandEdit();
    SchemaSteps.forgetAll();
    assertEquals("ok", addTable("tags"), "a call that replayed the steps would have found the column missing");
  }

  /** A generate after a hand edit proves the same history again: on the stored database, no step runs. */
  @Test
  void theSameHistoryProvenAgainIsComparedOnTheStoredDatabaseAlone() throws Exception {
    TestEnv.handEditAColumnNoStepAdds(root);
    String replayed = regenerate();
    assertTrue(replayed.contains("replaying the steps gives another schema than a fresh install"), replayed);

    storeDatabaseWithTheHandEdit();
    SchemaSteps.forgetAll();
    assertEquals("ok", regenerate(), "a call that replayed the steps would have found the column missing");
  }

  @Test
  void aStoredFileOfAnotherBuildHistoryOrShapeIsIgnored() throws Exception {
    breakTheHistoryAndTrustItsProof();
    storeDatabaseWithTheHandEdit();
    byte[] forged = Files.readAllBytes(root.resolve(ReplayStore.FILE));
    byte[] image = SqliteSandbox.with(List.of("CREATE TABLE notes (id INTEGER PRIMARY KEY)")).image();
    List<SchemaStep> history = history();
    String key = Replays.key(history);
    Map<String, Runnable> variants = Map.of(
        "another build", () -> write("0".repeat(64), 1, key, forgedImage()),
        "another history", () -> write(GeneratorBuild.id(), 1, Replays.key(List.of()), forgedImage()),
        "more steps than the history", () -> write(GeneratorBuild.id(), history.size() + 1, key, forgedImage()),
        "cut short", () -> bytes(Arrays.copyOf(forged, forged.length - 100)),
        "one byte changed", () -> bytes(flipped(forged, forged.length - 5000)),
        "not a database", () -> write(GeneratorBuild.id(), 1, key, "not a database".repeat(300).getBytes(StandardCharsets.UTF_8)),
        "a damaged database", () -> write(GeneratorBuild.id(), 1, key, flipped(image, image.length - 1)),
        "no header", () -> bytes(forgedImage()));
    for (var variant : variants.entrySet()) {
      variant.getValue().run();
      SchemaSteps.forgetAll();
      assertTrue(addTable("tags").contains(BROKEN), variant.getKey() + ": the call replays in full, as without a file");
    }
  }

  @Test
  void aDamagedFileIsIgnoredAndTheCallAnswersAsWithoutOne() throws Exception {
    TestEnv twinEnv = new TestEnv();
    SchemaSteps.forgetAll();
    Path twin = twinEnv.projectWithNotes(tmp.resolve("twin"));
    Files.delete(twin.resolve(ReplayStore.FILE));
    byte[] stored = Files.readAllBytes(root.resolve(ReplayStore.FILE));
    Files.write(root.resolve(ReplayStore.FILE), flipped(stored, stored.length - 5000));
    for (TestEnv project : List.of(env, twinEnv)) {
      SchemaSteps.forgetAll();
      project.call("drift_add_table", addTableJson("tags"));
    }
    assertEquals(Files.readString(twin.resolve(Manifest.FILE_NAME)), Files.readString(root.resolve(Manifest.FILE_NAME)));
    assertEquals(TestEnv.files(twin), TestEnv.files(root));
    // The damaged file was no file: the history was replayed in full and its database stored anew.
    List<SchemaStep> saved = history(root);
    assertEquals(saved.size(), ReplayStore.load(root, GeneratorBuild.id(), saved, Replays.keys(saved)).orElseThrow().steps());
  }

  @Test
  void aCallThatFoundTheStoredDatabaseStoresAgainOnlyWhenItIsStaleBySixteenSteps() throws Exception {
    for (int i = 1; i <= ReplayStore.STALE; i++) {
      if (i == 1) SchemaSteps.forgetAll();
      env.call("drift_add_table", addTableJson("t" + i));
      int stored = ReplayStore.load(root, GeneratorBuild.id(), history(), Replays.keys(history())).orElseThrow().steps();
      assertEquals(i < ReplayStore.STALE ? 1 : 1 + ReplayStore.STALE, stored, "after " + i + " tables");
    }
  }

  /**
   * A fresh clone has no .dart_tool/: its first write call found no replay kept or stored and replayed
   * every step. The last step's record of its schema, which a fresh install is found to have, gives
   * the database the next step is proven on: only that step runs, and the call writes what a process
   * that had kept the replay writes.
   */
  @Test
  void aFreshClonesFirstWriteRunsOnlyItsOwnStep() throws Exception {
    env.call("drift_add_table", addTableJson("tags"));
    TestEnv twinEnv = new TestEnv();
    Path twin = twinEnv.projectWithNotes(tmp.resolve("twin"));
    twinEnv.call("drift_add_table", addTableJson("tags"));
    twinEnv.call("drift_add_table", addTableJson("labels"));

    TestEnv.deleteRecursively(root.resolve(".dart_tool"));
    SchemaSteps.forgetAll();
    SchemaSteps.INSTALLS.clear();
    long replayed = SchemaSteps.replayedSteps();
    env.call("drift_add_table", addTableJson("labels"));
    assertEquals(1, SchemaSteps.replayedSteps() - replayed, "the steps before the new one were replayed again");
    assertEquals(Files.readString(twin.resolve(Manifest.FILE_NAME)), Files.readString(root.resolve(Manifest.FILE_NAME)));
    assertEquals(TestEnv.files(twin), TestEnv.files(root));
    assertFalse(Files.exists(root.resolve(ReplayStore.FILE)), "the fresh install that stood in was stored as the history's replay");
  }

  /**
   * A fresh install that stands in for the upgraded database may hold a table's columns in another
   * order than the replay, which a hand-written step's SQL may see (an INSERT by position): such a
   * step is proven on the history replayed.
   */
  @Test
  void aHandWrittenStepOnAFreshCloneIsProvenOnTheReplayedHistory() throws Exception {
    TestEnv.deleteRecursively(root.resolve(".dart_tool"));
    SchemaSteps.forgetAll();
    SchemaSteps.INSTALLS.clear();
    int steps = history().size();
    long replayed = SchemaSteps.replayedSteps();
    env.call("drift_create_migration", "{\"projectId\": \"p\", \"name\": \"title index\", "
        + "\"upStatements\": [\"CREATE INDEX notes_title ON notes (title)\"], \"downStatements\": [\"DROP INDEX notes_title\"]}");
    assertEquals(steps + 1, SchemaSteps.replayedSteps() - replayed, "the hand-written step was proven on the fresh install's copy");
  }

  /**
   * A generate on a fresh clone is proven by its record without SQLite and stores no database; the
   * write call of a new server after it installs the schema fresh once and replays only its own step.
   */
  @Test
  void aNewServersFirstWriteAfterAGenerateOnAFreshCloneRunsOnlyItsOwnStep() throws Exception {
    TestEnv.deleteRecursively(root.resolve(".dart_tool"));
    SchemaSteps.forgetAll();
    SchemaSteps.INSTALLS.clear();
    assertEquals("ok", regenerate());
    assertFalse(Files.exists(root.resolve(ReplayStore.FILE)), "a generate proven by its record stored a database");
    SchemaSteps.forgetAll();
    SchemaSteps.INSTALLS.clear();
    long replayed = SchemaSteps.replayedSteps();
    assertEquals("ok", addTable("tags"));
    assertEquals(1, SchemaSteps.replayedSteps() - replayed);
  }

  @Test
  void aDryRunStoresNothing() throws Exception {
    Files.delete(root.resolve(ReplayStore.FILE));
    SchemaSteps.forgetAll();
    env.call("drift_add_table", addTableJson("tags").replace("}]}", "}], \"dryRun\": true}"));
    assertFalse(Files.exists(root.resolve(ReplayStore.FILE)));
  }

  @Test
  void aCallRefusedByItsProofStoresNothing() throws Exception {
    Files.delete(root.resolve(ReplayStore.FILE));
    SchemaSteps.forgetAll();
    env.assertRefused(root, "drift_create_migration", "{\"projectId\": \"p\", \"name\": \"x\", "
        + "\"upStatements\": [\"CREATE TABLE notes (x)\"], \"downStatements\": []}", "upStatements[0]", "already exists");
    assertFalse(Files.exists(root.resolve(ReplayStore.FILE)));
  }

  /**
   * A FIFO where the stored replay belongs (anyone who can write the project can make one): opening
   * it waits for a writer that never comes, and the call would hang with the project's lock held.
   */
  @Test
  void aFifoInPlaceOfTheStoredReplayIsNoFileAndTheCallGoesOn() throws Exception {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "FIFOs are made with POSIX mkfifo");
    Path fifo = root.resolve(ReplayStore.FILE);
    Files.delete(fifo);
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    SchemaSteps.forgetAll();
    ExecutorService call = Executors.newSingleThreadExecutor();
    Future<String> added = call.submit(() -> addTable("tags"));
    try {
      assertEquals("ok", added.get(60, TimeUnit.SECONDS));
      assertTrue(Files.readString(root.resolve(Manifest.FILE_NAME)).contains("name: tags"));
    } finally {
      // A call blocked in opening the FIFO is let go by a writer, so the test leaves no thread behind.
      if (!added.isDone()) {
        try (OutputStream writer = Files.newOutputStream(fifo)) {
          writer.flush();
        }
      }
      call.shutdownNow();
    }
  }

  /** The replay is megabytes of a database image: written through a link, it would overwrite a file outside the project. */
  @Test
  void aTempFileLinkedOutOfTheProjectIsNotWrittenThrough() throws Exception {
    Path outside = Files.writeString(tmp.resolve("notes-of-the-user.txt"), "mine\n");
    Files.delete(root.resolve(ReplayStore.FILE));
    Files.createSymbolicLink(root.resolve(ReplayStore.FILE + ".tmp"), outside);
    SchemaSteps.forgetAll();
    // A hand-written step is proven on the replayed history, which the call then stores.
    env.call("drift_create_migration", "{\"projectId\": \"p\", \"name\": \"title index\", "
        + "\"upStatements\": [\"CREATE INDEX notes_title ON notes (title)\"], \"downStatements\": [\"DROP INDEX notes_title\"]}");
    assertEquals("mine\n", new String(Files.readAllBytes(outside), StandardCharsets.ISO_8859_1));
    assertTrue(ReplayStore.load(root, GeneratorBuild.id(), history(), Replays.keys(history())).isPresent(),
        "the replay is stored in the project as ever");
  }

  /** A cache that cannot be written is not worth failing a call that has already written the project. */
  @Test
  void aCacheFolderThatIsAFileFailsNoCall() throws Exception {
    TestEnv.deleteRecursively(root.resolve(".dart_tool/driftsmith"));
    Files.writeString(root.resolve(".dart_tool/driftsmith"), "not a folder\n");
    SchemaSteps.forgetAll();
    assertEquals("ok", addTable("tags"));
    assertTrue(Files.readString(root.resolve(Manifest.FILE_NAME)).contains("name: tags"));
    assertEquals("not a folder\n", Files.readString(root.resolve(".dart_tool/driftsmith")));
  }

  /**
   * The sandbox's page limit counts pages: a stored database of 64 KiB pages would let the steps run
   * on it grow sixteen times past the 100 MB a proof may use. Every image this build stores has
   * SQLite's default page size, so any other is no file.
   */
  @Test
  void aStoredDatabaseOfAnotherPageSizeIsIgnored() throws Exception {
    List<SchemaStep> history = history();
    Path file = tmp.resolve("large-pages.db");
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = db.createStatement()) {
      st.execute("PRAGMA page_size = 65536");
      for (String sql : Migrations.replay(history, Integer.MAX_VALUE)) st.execute(sql);
    }
    byte[] image = Files.readAllBytes(file);
    assertEquals(1, (image[16] & 0xff) << 8 | (image[17] & 0xff), "SQLite's header gives 64 KiB pages as 1");
    write(GeneratorBuild.id(), history.size(), Replays.key(history), image);
    assertTrue(ReplayStore.load(root, GeneratorBuild.id(), history, Replays.keys(history)).isEmpty());
  }

  /** A column added by hand that no step adds, with a proof of the edited history stored as if SQLite had passed it. */
  private void breakTheHistoryAndTrustItsProof() throws Exception {
    TestEnv.handEditAColumnNoStepAdds(root);
    ByteBuffer proof = env.tools.context().projects().generator().steps().proofDigest(ManifestFiles.manifest(root));
    Files.writeString(root.resolve(ProofStore.FILE), "driftsmith-proofs 1\n" + GeneratorBuild.id() + "\n"
        + HexFormat.of().formatHex(proof.array()) + "\n");
  }

  /** "ok", or the message of the refusal of a generate in a new process (whose validator remembers nothing). */
  private String regenerate() {
    try {
      new TestEnv().tools.context().projects().regenerateInFull(root, null, ProjectService.Options.WRITE);
      return "ok";
    } catch (Exception e) {
      return e.getMessage();
    }
  }

  /** A stored database of the history's steps with the hand-edited column, which no replay of them gives. */
  private void storeDatabaseWithTheHandEdit() throws Exception {
    write(GeneratorBuild.id(), history().size(), Replays.key(history()), forgedImage());
  }

  private byte[] forgedImage() {
    try (SqliteSandbox db = SqliteSandbox.with(Migrations.replay(history(), Integer.MAX_VALUE))) {
      db.execute("ALTER TABLE notes ADD COLUMN body TEXT");
      return db.image();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
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

  private static String addTableJson(String name) {
    return "{\"projectId\": \"p\", \"name\": \"" + name + "\", \"columns\": [{\"name\": \"title\", \"type\": \"text\"}]}";
  }

  private List<SchemaStep> history() {
    return history(root);
  }

  private static List<SchemaStep> history(Path project) {
    try {
      return ManifestFiles.manifest(project).schema().history();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private void write(String build, int steps, String key, byte[] image) {
    try {
      ReplayStore.write(root, build, steps, key, image);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private void bytes(byte[] bytes) {
    try {
      Files.write(root.resolve(ReplayStore.FILE), bytes);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] flipped(byte[] bytes, int at) {
    byte[] out = bytes.clone();
    out[at] ^= 0x5a;
    return out;
  }
}
