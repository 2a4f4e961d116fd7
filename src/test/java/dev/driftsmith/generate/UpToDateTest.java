package dev.driftsmith.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.FileChange;
import dev.driftsmith.workspace.FileStat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generate of a project that is as its last write left it answers from the record, without
 * validating or rendering; every difference takes the full path and gets the answer a generate
 * without any record gives.
 */
class UpToDateTest {
  @TempDir
  Path tmp;

  private final TestEnv env = new TestEnv();
  private ProjectService projects;
  private Path root;

  /** Counts the generates that answered from the record. */
  private static final class Recorder extends GenerateTests.Reports {
    boolean answeredFromTheRecord() {
      return reports.equals(List.of(ProjectService.UP_TO_DATE));
    }
  }

  @BeforeEach
  void project() {
    projects = env.tools.context().projects();
    root = env.projectWithNotes(tmp.resolve("app"));
    env.call("drift_enable_sync", "{\"projectId\": \"p\", \"tables\": [\"notes\"]}");
  }

  @Test
  void anUnchangedProjectIsAnsweredFromTheRecordAsTheFullPathAnswersIt() throws Exception {
    Recorder fast = new Recorder();
    ChangeSet answered = generate(root, fast);
    assertTrue(fast.answeredFromTheRecord(), fast.reports::toString);
    Recorder full = new Recorder();
    ChangeSet inFull = projects.regenerateInFull(root, "p", new ProjectService.Options(false, false, full));
    assertFalse(full.answeredFromTheRecord(), full.reports::toString);
    assertEquals(inFull, answered);
    assertEquals(0, answered.count(FileChange.Status.created) + answered.count(FileChange.Status.updated));
    assertTrue(answered.count(FileChange.Status.unchanged) > 20, answered::summary);
    assertTrue(answered.files().stream().noneMatch(f -> f.path().startsWith(".dart_tool/")), answered::summary);
    assertEquals(List.of(), projects.check(root));
  }

  @Test
  void aDryRunOfAnUnchangedProjectIsAnsweredFromTheRecordToo() throws Exception {
    Recorder fast = new Recorder();
    ChangeSet answered = projects.regenerate(root, "p", new ProjectService.Options(true, false, fast));
    assertTrue(fast.answeredFromTheRecord(), fast.reports::toString);
    assertEquals(projects.regenerateInFull(root, "p", new ProjectService.Options(true, false)), answered);
  }

  @Test
  void aCommentAddedToTheManifestIsAnsweredWithoutRenderingAsTheFullPathAnswersIt() throws Exception {
    String written = Files.readString(root.resolve("driftsmith.yaml"));
    ChangeSet answer = assertRewrittenAsWithoutRecord(dir -> append(dir, "driftsmith.yaml", "# a comment the next write drops\n"));
    assertEquals(1, answer.count(FileChange.Status.updated), answer::summary);
    assertEquals(written, Files.readString(root.resolve("driftsmith.yaml")));
    Recorder next = new Recorder();
    generate(root, next);
    assertTrue(next.answeredFromTheRecord(), "the rewrite recorded the manifest it wrote: " + next.reports);
    assertEquals(List.of(), projects.check(root));
  }

  @Test
  void aQuotedAndReindentedManifestIsAnsweredWithoutRenderingToo() throws Exception {
    assertRewrittenAsWithoutRecord(dir -> {
      Path yaml = dir.resolve("driftsmith.yaml");
      String text = Files.readString(yaml);
      assertTrue(text.contains("name: notes\n"), text);
      Files.writeString(yaml, "\n\n" + text.replace("name: notes\n", "name:   \"notes\"   # the table\n"));
    });
  }

  @Test
  void anEditThatChangesAValueIsRenderedInFull() throws Exception {
    ChangeSet answer = assertSameAnswerAsWithoutRecord(dir -> {
      Path yaml = dir.resolve("driftsmith.yaml");
      String text = Files.readString(yaml);
      // The database's Dart class is named after it: a value the generator reads, that needs no schema step.
      assertTrue(text.contains("database:\n  name: "), text);
      Files.writeString(yaml, "# a comment too\n" + text.replace("database:\n  name: ", "database:\n  name: renamed_"));
    });
    assertTrue(answer.count(FileChange.Status.updated) > 1, answer::summary);
  }

  @Test
  void aNumberQuotedAsAStringBindsAnotherValueAndTakesTheFullPath() throws Exception {
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"tasks\", \"columns\": [{\"name\": \"rank\", "
        + "\"type\": \"integer\", \"defaultValue\": 5}]}");
    Path copy = copyWithoutRecord();
    for (Path dir : List.of(root, copy)) {
      Path yaml = dir.resolve("driftsmith.yaml");
      String text = Files.readString(yaml);
      assertTrue(text.contains("defaultValue: 5\n"), text);
      // Written back, "5" is 5 again; but the full path binds the string, and answers for it.
      Files.writeString(yaml, text.replace("defaultValue: 5\n", "defaultValue: \"5\"\n"));
    }
    Recorder withRecord = new Recorder();
    String withRecordAnswer = answerOrRefusal(root, withRecord);
    assertEquals(answerOrRefusal(copy, new Recorder()).replace(copy.toString(), "ROOT"), withRecordAnswer.replace(root.toString(), "ROOT"));
    assertFalse(withRecord.reports.contains(ProjectService.MANIFEST_REWRITTEN), withRecord.reports::toString);
    assertEquals(TestEnv.files(copy), TestEnv.files(root));
  }

  /** The files and notes of a generate of {@code dir}, or the message of its refusal. */
  private String answerOrRefusal(Path dir, Recorder recorder) throws Exception {
    try {
      ChangeSet answer = generate(dir, recorder);
      return answer.files() + " " + answer.notes();
    } catch (ToolException e) {
      return "refused: " + e.getMessage();
    }
  }

  @Test
  void aDryRunOfACommentedManifestShowsTheRewriteAndWritesNothing() throws Exception {
    Path copy = copyWithoutRecord();
    for (Path dir : List.of(root, copy)) append(dir, "driftsmith.yaml", "# mine\n");
    Map<String, String> before = TestEnv.files(root);
    String record = Files.readString(root.resolve(UpToDate.FILE));
    Recorder fast = new Recorder();
    ChangeSet answer = projects.regenerate(root, "p", new ProjectService.Options(true, false, fast));
    assertEquals(List.of(ProjectService.MANIFEST_TO_REWRITE), fast.reports);
    ChangeSet without = projects.regenerate(copy, "p", new ProjectService.Options(true, false));
    assertEquals(without.files(), answer.files());
    assertTrue(answer.files().get(0).diff().contains("-# mine"), answer.files().get(0)::toString);
    assertEquals(before, TestEnv.files(root));
    assertEquals(record, Files.readString(root.resolve(UpToDate.FILE)));
  }

  @Test
  void aHandEditOfAGeneratedFileTakesTheFullPathAndIsRefused() throws Exception {
    ChangeSet answer = assertSameAnswerAsWithoutRecord(dir -> append(dir, "lib/data/tables/notes.dart", "// mine\n"));
    assertEquals(1, answer.count(FileChange.Status.refused), answer::summary);
  }

  @Test
  void aDeletedGeneratedFileTakesTheFullPathAndIsCreatedAgain() throws Exception {
    ChangeSet answer = assertSameAnswerAsWithoutRecord(dir -> Files.delete(dir.resolve("lib/data/database.dart")));
    assertEquals(1, answer.count(FileChange.Status.created), answer::summary);
  }

  @Test
  void aCopyOfAGeneratedFileElsewhereIsAnOrphanTheFullPathDeletes() throws Exception {
    ChangeSet answer = assertSameAnswerAsWithoutRecord(dir -> Files.copy(dir.resolve("lib/data/tables/notes.dart"),
        dir.resolve("lib/data/tables/old_notes.dart")));
    assertEquals(1, answer.count(FileChange.Status.deleted), answer::summary);
  }

  @Test
  void aTempFileOfAnInterruptedWriteTakesTheFullPath() throws Exception {
    ChangeSet answer = assertSameAnswerAsWithoutRecord(dir -> Files.writeString(
        dir.resolve("lib/data/.database.dart.x1" + dev.driftsmith.workspace.Workspace.TEMP_SUFFIX), "half"));
    assertTrue(answer.notes().stream().anyMatch(n -> n.contains("temp file")), answer::summary);
  }

  @Test
  void anEditedPubspecTakesTheFullPath() throws Exception {
    assertSameAnswerAsWithoutRecord(dir -> append(dir, "pubspec.yaml", "# mine\n"));
  }

  @Test
  void anEditedMigrationFileIsRefusedAsWithoutRecord() throws Exception {
    String migration;
    try (Stream<Path> files = Files.list(root.resolve("driftsmith/migrations"))) {
      migration = "driftsmith/migrations/" + files.map(p -> p.getFileName().toString()).sorted().findFirst().orElseThrow();
    }
    Path copy = copyWithoutRecord();
    for (Path dir : List.of(root, copy)) append(dir, migration, "-- mine\n");
    ToolException withRecord = assertThrows(ToolException.class, () -> generate(root, new Recorder()));
    ToolException without = assertThrows(ToolException.class, () -> generate(copy, new Recorder()));
    assertEquals(without.getMessage(), withRecord.getMessage());
  }

  @Test
  void aFreshCloneTakesTheFullPathFindsEveryFileUnchangedAndIsUpToDateAfter() throws Exception {
    Map<String, String> files = TestEnv.files(root);
    TestEnv.deleteRecursively(root.resolve(".dart_tool"));
    Recorder full = new Recorder();
    ChangeSet answer = generate(root, full);
    assertTrue(full.reports.stream().anyMatch(r -> r.startsWith("rendered ")), full.reports::toString);
    assertEquals(0, answer.count(FileChange.Status.created) + answer.count(FileChange.Status.updated), answer::summary);
    assertEquals(files, TestEnv.files(root));
    assertEquals(answer, ProjectService.upToDate(root, "p", ProjectService.Options.WRITE).orElseThrow());
  }

  @Test
  void aFreshCloneWithAHandEditThatNeedsAStepIsRefusedAndNothingIsWritten() throws Exception {
    TestEnv.deleteRecursively(root.resolve(".dart_tool"));
    TestEnv.handEditAColumnNoStepAdds(root);
    env.assertRefused(root, "project_generate", "{\"projectId\": \"p\"}", "driftsmith.yaml", "needs a schema step");
  }

  @Test
  void aRecordOfAnotherBuildTakesTheFullPath() throws Exception {
    Path record = root.resolve(UpToDate.FILE);
    List<String> lines = new ArrayList<>(Files.readAllLines(record));
    lines.set(1, "0".repeat(64));
    // A record of another build is whole, checksum and all.
    lines.set(lines.size() - 1, "end " + sha256(String.join("\n", lines.subList(0, lines.size() - 1)) + "\n"));
    Files.write(record, lines);
    assertColdThenFast();
  }

  @Test
  void aMissingRecordTakesTheFullPath() throws Exception {
    Files.delete(root.resolve(UpToDate.FILE));
    assertColdThenFast();
  }

  @Test
  void aTruncatedRecordTakesTheFullPath() throws Exception {
    Path record = root.resolve(UpToDate.FILE);
    String text = Files.readString(record);
    // Cut at a line end, so every line left is well formed: only the checksum line tells it is short.
    Files.writeString(record, text.substring(0, text.lastIndexOf('\n', text.length() / 2) + 1));
    assertColdThenFast();
  }

  @Test
  void aGarbledRecordTakesTheFullPath() throws Exception {
    Path record = root.resolve(UpToDate.FILE);
    byte[] bytes = Files.readAllBytes(record);
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(record, bytes);
    assertColdThenFast();
    Files.write(record, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
    assertColdThenFast();
  }

  @Test
  void aRecordNamingAPathOutsideTheProjectTakesTheFullPath() throws Exception {
    // A record with a sound checksum (made by hand: the checksum is no secret) naming a file outside the root.
    Path record = root.resolve(UpToDate.FILE);
    List<String> lines = new ArrayList<>(Files.readAllLines(record, StandardCharsets.UTF_8));
    lines.remove(lines.size() - 1);
    lines.add("f " + "0".repeat(64) + " 1 1 1 ../outside.dart");
    String body = String.join("\n", lines) + "\n";
    Files.writeString(record, body + "end " + ProjectState.hash(body.getBytes(StandardCharsets.UTF_8)) + "\n");
    assertColdThenFast();
  }

  @Test
  void theCliAnswersAnUnchangedProjectFromTheRecordWithTheManifestsId() throws Exception {
    ChangeSet answered = ProjectService.upToDate(root, null, ProjectService.Options.WRITE).orElseThrow();
    assertEquals("p", answered.projectId());
    assertEquals(projects.regenerateInFull(root, null, ProjectService.Options.WRITE), answered);
  }

  @Test
  void aFileEditedWithinTheClockTickOfTheWriteIsHashedWhateverItsTime() throws Exception {
    Path notes = root.resolve("lib/data/tables/notes.dart");
    FileTime written = Files.getLastModifiedTime(notes);
    Files.writeString(notes, sameSizeEdit(Files.readString(notes)));
    Files.setLastModifiedTime(notes, written);
    Recorder recorder = new Recorder();
    ChangeSet answer = generate(root, recorder);
    assertFalse(recorder.answeredFromTheRecord(), recorder.reports::toString);
    assertEquals(1, answer.count(FileChange.Status.refused), answer::summary);
  }

  @Test
  void aSameSizeEditWithItsTimeSetBackIsFoundByItsChangeTime() throws Exception {
    // Files settled, then a write that records them settled.
    Thread.sleep(FileStat.SETTLED / 1_000_000 + 100);
    projects.regenerateInFull(root, "p", ProjectService.Options.WRITE);
    Path notes = root.resolve("lib/data/tables/notes.dart");
    FileTime before = Files.getLastModifiedTime(notes);
    Files.writeString(notes, sameSizeEdit(Files.readString(notes)));
    Files.setLastModifiedTime(notes, before);
    // As cp -p, tar or rsync -a leave a file: its size and modification time as before, its change time not.
    Recorder read = new Recorder();
    assertEquals(1, generate(root, read).count(FileChange.Status.refused));
    assertFalse(read.answeredFromTheRecord(), read.reports::toString);
  }

  @Test
  void aGeneratedFileEditedWhileTheCallRanIsNotRecordedAsProduced() throws Exception {
    CallControl editor = new CallControl() {
      @Override
      public boolean isCancelled() {
        return false;
      }

      @Override
      public void progress(Step step, String detail) {
        if (step != Step.PLANNED) return;
        try {
          append(root, "lib/data/tables/notes.dart", "// mine, typed while the call ran\n");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
    projects.regenerateInFull(root, "p", new ProjectService.Options(false, false, editor));
    Recorder next = new Recorder();
    ChangeSet after = generate(root, next);
    assertFalse(next.answeredFromTheRecord(), next.reports::toString);
    assertEquals(1, after.count(FileChange.Status.refused), "the hand edit is found, as without a record");
  }

  @Test
  void aManifestEditedAfterTheCallCheckedItIsNotRecorded() throws Exception {
    boolean[] edited = {false};
    CallControl editor = new CallControl() {
      @Override
      public boolean isCancelled() {
        // Asked once the call found nothing changed underneath, just before it writes.
        if (!edited[0]) {
          edited[0] = true;
          try {
            append(root, "driftsmith.yaml", "# a hand edit while the call ran\n");
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        return false;
      }

      @Override
      public void progress(Step step, String detail) {}
    };
    projects.regenerateInFull(root, "p", new ProjectService.Options(false, false, editor));
    assertTrue(edited[0]);
    assertTrue(Files.readString(root.resolve("driftsmith.yaml")).contains("# a hand edit"));
    Recorder next = new Recorder();
    generate(root, next);
    assertFalse(next.answeredFromTheRecord(), next.reports::toString);
  }

  @Test
  void aMigrationFileReplacedByALinkIsRefusedAsWithoutRecord() throws Exception {
    Path migration;
    try (Stream<Path> files = Files.list(root.resolve("driftsmith/migrations"))) {
      migration = files.filter(p -> p.toString().endsWith(".sql")).sorted().findFirst().orElseThrow();
    }
    Path elsewhere = tmp.resolve("outside.sql");
    Files.copy(migration, elsewhere, StandardCopyOption.COPY_ATTRIBUTES);
    Files.delete(migration);
    Files.createSymbolicLink(migration, elsewhere);
    Recorder next = new Recorder();
    ToolException refused = assertThrows(ToolException.class, () -> generate(root, next));
    assertFalse(next.answeredFromTheRecord(), next.reports::toString);
    assertTrue(refused.getMessage().contains("symbolic link"), refused.getMessage());
  }

  /** {@code text} with one letter of its body changed, so its size stays. */
  private static String sameSizeEdit(String text) {
    int at = text.indexOf("class ");
    assertTrue(at > 0, text);
    return text.substring(0, at) + "klass " + text.substring(at + "class ".length());
  }

  /** The generate after {@code root}'s record went bad takes the full path, and records again. */
  private void assertColdThenFast() throws Exception {
    Recorder cold = new Recorder();
    ChangeSet full = generate(root, cold);
    assertFalse(cold.answeredFromTheRecord(), cold.reports::toString);
    Recorder fast = new Recorder();
    assertEquals(full, generate(root, fast));
    assertTrue(fast.answeredFromTheRecord(), fast.reports::toString);
  }

  @FunctionalInterface
  private interface Edit {
    void apply(Path dir) throws IOException;
  }

  /**
   * Makes the same edit to the project and to a copy without its record; both generates take the
   * full path (both render) and answer alike (but for the root folder).
   */
  private ChangeSet assertSameAnswerAsWithoutRecord(Edit edit) throws Exception {
    Recorder withRecord = new Recorder();
    ChangeSet answer = assertAnsweredAsWithoutRecord(edit, withRecord);
    assertTrue(withRecord.reports.stream().anyMatch(r -> r.startsWith("rendered ")), withRecord.reports::toString);
    return answer;
  }

  /**
   * Makes the same edit to driftsmith.yaml of the project and of a copy without its record: the
   * project's generate answers from the record, writing driftsmith.yaml back without validating or
   * rendering, with the answer, and the files, that the copy's full generate gives.
   */
  private ChangeSet assertRewrittenAsWithoutRecord(Edit edit) throws Exception {
    Recorder withRecord = new Recorder();
    ChangeSet answer = assertAnsweredAsWithoutRecord(edit, withRecord);
    assertEquals(List.of(ProjectService.MANIFEST_REWRITTEN), withRecord.reports);
    return answer;
  }

  /**
   * Makes the same edit to the project and to a copy without its record, and generates both: the
   * answers are alike (but for the root folder), and so is every file they leave.
   */
  private ChangeSet assertAnsweredAsWithoutRecord(Edit edit, Recorder withRecord) throws Exception {
    Path copy = copyWithoutRecord();
    edit.apply(root);
    edit.apply(copy);
    ChangeSet answer = generate(root, withRecord);
    ChangeSet without = generate(copy, new Recorder());
    assertEquals(without.files(), answer.files());
    assertEquals(without.notes().stream().map(n -> n.replace(copy.toString(), "ROOT")).toList(),
        answer.notes().stream().map(n -> n.replace(root.toString(), "ROOT")).toList());
    assertEquals(TestEnv.files(copy), TestEnv.files(root));
    return answer;
  }

  /**
   * The files the last write changed were written moments before its record, so the record cannot
   * vouch for them and every answer hashed them again; this process's own hashes, taken once they
   * settled, spare that.
   */
  @Test
  void filesWrittenJustBeforeTheRecordAreHashedOnceTheyHaveSettled() throws Exception {
    Thread.sleep(2100);
    Recorder first = new Recorder();
    generate(root, first);
    assertTrue(first.answeredFromTheRecord(), first.reports::toString);
    long reads = ProjectState.HASHES.reads();
    Recorder second = new Recorder();
    generate(root, second);
    assertTrue(second.answeredFromTheRecord(), second.reports::toString);
    assertEquals(reads, ProjectState.HASHES.reads(), "no settled file is hashed again");

    append(root, "lib/data/tables/notes.dart", "// mine\n");
    Recorder edited = new Recorder();
    ChangeSet answer = generate(root, edited);
    assertFalse(edited.answeredFromTheRecord(), edited.reports::toString);
    assertEquals(1, answer.count(FileChange.Status.refused), answer::summary);
  }

  private ChangeSet generate(Path dir, Recorder recorder) throws Exception {
    return projects.regenerate(dir, "p", new ProjectService.Options(false, false, recorder));
  }

  private Path copyWithoutRecord() throws IOException {
    return GenerateTests.copyWithoutRecord(root, tmp.resolve("copy"));
  }

  private static void append(Path dir, String relative, String text) throws IOException {
    Files.writeString(dir.resolve(relative), text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}

