package dev.driftsmith.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.input.Args;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.FileChange;
import dev.driftsmith.workspace.ManifestFiles;
import dev.driftsmith.workspace.MigrationFile;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schema history's files are released history: a migration file edited by hand, missing, not
 * ours, or at odds with driftsmith.yaml is refused by every load with its file (and line), listed
 * by {@code check}, and nothing on disk changes.
 */
class MigrationFilesTest {
  static final String INDEX_STEP = MigrationFile.FOLDER + "/0009_index_notes_by_title.sql";
  static final String TAGS_STEP = MigrationFile.FOLDER + "/0005_add_table_tags.sql";

  @TempDir
  static Path shared;
  static Path demo;
  /** The demo's schema version, and the next one. */
  static int last;
  static int next;

  @TempDir
  Path dir;

  @BeforeAll
  static void buildTheDemoOnce() throws IOException {
    demo = TestEnv.demo(shared.resolve("demo"));
    last = ManifestFiles.manifest(demo).schema().version();
    next = last + 1;
  }

  /** What is done to the demo's files, and the first line of the refusal every load gives. */
  static Stream<Arguments> brokenHistories() {
    return Stream.of(
        broken("a statement edited by hand", root -> replace(root, INDEX_STEP, "ON notes (title)", "ON notes (title, body)"),
            INDEX_STEP + ": edited by hand (its body no longer matches the hash in its header); released schema history must "
                + "never change, because installed apps already ran it as it was: restore it from version control (a change to "
                + "the schema is a new step, such as drift_create_migration)"),
        broken("a file deleted", root -> delete(root, MigrationFile.FOLDER + "/0006_relation_category_todos_one_to_many.sql"),
            MigrationFile.FOLDER + "/0006_*.sql: missing: driftsmith.yaml is at schema.version " + last + ", so each version from 2 "
                + "to " + last + " needs its file; restore it from version control (installed apps at version 5 would skip the step, "
                + "and their databases would never match)"),
        broken("schema.version raised in driftsmith.yaml", root -> replace(root, "driftsmith.yaml", "  version: " + last + "\n",
                "  version: " + (last + 2) + "\n"),
            MigrationFile.FOLDER + "/" + prefix(next) + "_*.sql: missing: driftsmith.yaml is at schema.version " + (last + 2)
                + ", so each version from 2 to " + (last + 2) + " needs its file; restore it from version control (installed apps "
                + "at version " + last + " would skip the step, and their databases would never match)"),
        broken("a .sql file Driftsmith did not write", root -> write(root, MigrationFile.FOLDER + "/" + prefix(next) + "_my_step.sql",
                "CREATE INDEX todos_title_idx ON todos (title);\n"),
            MigrationFile.FOLDER + "/" + prefix(next) + "_my_step.sql:1: has no Driftsmith header, so it is not a step Driftsmith recorded and no "
                + "app would run it; move it out of driftsmith/migrations/ (a step of your own SQL is recorded with "
                + "drift_create_migration)"),
        broken("a file copied under another name", root -> write(root, MigrationFile.FOLDER + "/0009_index_copy.sql",
                TestEnv.read(root, INDEX_STEP)),
            INDEX_STEP + ":4: version: is 9, as in " + MigrationFile.FOLDER + "/0009_index_copy.sql: each version has one file; "
                + "restore driftsmith/migrations/ from version control"),
        broken("a file renamed to another version", root -> rename(root, INDEX_STEP, MigrationFile.FOLDER + "/0099_index_notes_by_title.sql"),
            MigrationFile.FOLDER + "/0099_index_notes_by_title.sql:4: version: is 9, but the file name does not start with 0009_, "
                + "so it reads as another step; restore the file's name from version control"),
        broken("a step above schema.version", root -> TestEnv.writeWithMatchingHash(root, MigrationFile.FOLDER + "/" + prefix(next)
                + "_extra.sql", "-- version: " + next + "\n-- description: \"extra\"\n-- hand-written: yes\n\n-- up: 1 statement\n"
                + "CREATE INDEX x ON tags (label);\n\n-- down: 0 statements\n"),
            MigrationFile.FOLDER + "/" + prefix(next) + "_extra.sql:4: version: is " + next + ", above schema.version " + last
                + " in driftsmith.yaml; restore driftsmith.yaml and driftsmith/migrations/ from one commit"));
  }

  static String prefix(int version) {
    return String.format("%04d", version);
  }

  static Arguments broken(String what, Consumer<Path> edit, String refusal) {
    return Arguments.of(what, edit, refusal);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenHistories")
  void aBrokenHistoryIsRefusedByEveryLoadAndListedByCheck(String what, Consumer<Path> edit, String refusal) throws IOException {
    Path root = copyOfTheDemo();
    edit.accept(root);
    TestEnv env = new TestEnv();
    env.tools.context().registry().put("notes_demo", root);
    Map<String, String> before = TestEnv.files(root);

    for (String command : List.of("generate", "schema")) {
      ManifestValidatorTest.Run run = ManifestValidatorTest.cli(command, root.toString());
      assertEquals(2, run.exit(), command + ": " + run.err());
      assertEquals(refusal, run.err().lines().findFirst().orElse(""), command);
    }
    ManifestValidatorTest.Run check = ManifestValidatorTest.cli("check", root.toString());
    assertEquals(1, check.exit(), check.out() + check.err());
    String file = refusal.substring(0, refusal.indexOf(".sql") + 4);
    String fix = refusal.substring(refusal.lastIndexOf("; "));
    assertTrue(check.out().lines().anyMatch(l -> l.startsWith(file + ": ") && l.endsWith(fix)),
        () -> "check lists " + file + " with <" + fix + ">:\n" + check.out());
    for (String tool : List.of("project_generate", "project_get", "drift_configure_pagination")) {
      McpSchema.CallToolResult result = ManifestValidatorTest.mcp(env, tool, Map.of("projectId", "notes_demo", "mode", "keyset"));
      assertEquals(Boolean.TRUE, result.isError(), tool);
      assertEquals(refusal, ((McpSchema.TextContent) result.content().get(0)).text().lines().findFirst().orElse(""), tool);
    }
    McpSchema.CallToolResult projectCheck = ManifestValidatorTest.mcp(env, "project_check", Map.of("projectId", "notes_demo"));
    TestEnv.assertContains(((McpSchema.TextContent) projectCheck.content().get(0)).text(), file);
    assertEquals(before, TestEnv.files(root), "nothing on disk changes");
  }

  /**
   * A step whose file was rewritten with a matching hash (as a careful hand would) is checked
   * like every part of the manifest, and the problem names the file, the line and the statement.
   */
  @Test
  void aStatementThatNoLongerRunsIsReportedAtItsLineInItsFile() throws IOException {
    Path root = copyOfTheDemo();
    String body = TestEnv.read(root, TAGS_STEP).split("\n\n", 2)[1];
    TestEnv.writeWithMatchingHash(root, TAGS_STEP, body.replace("CREATE TABLE IF NOT EXISTS \"tags\"", "CREATE TABLEX IF NOT EXISTS \"tags\""));
    TestEnv env = new TestEnv();
    env.tools.context().registry().put("notes_demo", root);

    env.assertRefused(root, "project_generate", "{\"projectId\": \"notes_demo\"}", TAGS_STEP + ":9: up[0]",
        "does not run on SQLite after the steps before it");
    ManifestValidatorTest.Run check = ManifestValidatorTest.cli("check", root.toString());
    assertEquals(2, check.exit());
    assertTrue(check.err().startsWith(TAGS_STEP + ":9: up[0]: does not run on SQLite after the steps before it (")
        && check.err().contains("restore the step from version control"), check.err());
  }

  /** Files that are not migration files may sit in the folder: check lists them, nothing touches them. */
  @Test
  void aFileThatIsNotAMigrationFileIsListedAndLeftAlone() throws Exception {
    Path root = copyOfTheDemo();
    String notes = "Why version 9 exists: titles are searched often.\n";
    write(root, MigrationFile.FOLDER + "/NOTES.md", notes);
    TestEnv env = new TestEnv();
    env.tools.context().registry().put("notes_demo", root);

    ManifestValidatorTest.Run check = ManifestValidatorTest.cli("check", root.toString());
    assertEquals(1, check.exit(), check.out());
    assertEquals(MigrationFile.FOLDER + "/NOTES.md: is not a migration file (only .sql files Driftsmith wrote belong in "
        + "driftsmith/migrations/); Driftsmith ignores it and never changes it", check.out().strip());
    @SuppressWarnings("unchecked")
    List<Map<String, String>> listed = (List<Map<String, String>>) ((Map<String, Object>) env.call("project_get",
        "{\"projectId\": \"notes_demo\"}").structured()).get("files");
    assertTrue(listed.contains(Map.of("path", MigrationFile.FOLDER + "/NOTES.md", "kind", "foreign", "status",
        "is not a migration file (only .sql files Driftsmith wrote belong in driftsmith/migrations/); Driftsmith ignores it "
            + "and never changes it")), listed::toString);
    env.call("drift_create_migration", "{\"projectId\": \"notes_demo\", \"name\": \"index tags\", "
        + "\"upStatements\": [\"CREATE INDEX tags_label_idx ON tags (label)\"], \"downStatements\": [\"DROP INDEX tags_label_idx\"]}");
    assertEquals(notes, TestEnv.read(root, MigrationFile.FOLDER + "/NOTES.md"));
    assertTrue(Files.isRegularFile(root.resolve(MigrationFile.FOLDER + "/" + prefix(next) + "_index_tags.sql")));
  }

  /** A migration file is written once: later calls leave it as it is, and check finds nothing to say. */
  @Test
  void aMigrationFileIsWrittenOnceAndNeverAgain() throws Exception {
    Path root = copyOfTheDemo();
    TestEnv env = new TestEnv();
    env.tools.context().registry().put("notes_demo", root);
    Map<String, String> before = TestEnv.files(root);
    var modified = Files.getLastModifiedTime(root.resolve(INDEX_STEP));
    Thread.sleep(20);

    ChangeSet changes = (ChangeSet) env.call("drift_add_table", "{\"projectId\": \"notes_demo\", \"name\": \"labels\", "
        + "\"columns\": [{\"name\": \"label\", \"type\": \"text\"}]}").structured();

    String added = MigrationFile.FOLDER + "/" + prefix(next) + "_add_table_labels.sql";
    assertEquals(List.of(added), changes.files().stream().filter(f -> f.path().startsWith(MigrationFile.FOLDER))
        .filter(f -> f.status() != FileChange.Status.unchanged).map(f -> f.path()).toList());
    Map<String, String> after = TestEnv.files(root);
    before.keySet().stream().filter(p -> p.startsWith(MigrationFile.FOLDER)).forEach(p -> assertEquals(before.get(p), after.get(p), p));
    assertEquals(modified, Files.getLastModifiedTime(root.resolve(INDEX_STEP)), "not even rewritten with the same bytes");
    assertEquals(List.of(), env.tools.context().projects().check(root));
  }

  /**
   * SQL a user gives drift_create_migration reaches its file and comes back byte for byte, with
   * semicolons, comment markers and END inside strings, quoted names and trigger bodies.
   */
  @Test
  void userSqlComesBackFromItsFileExactly() throws Exception {
    TestEnv env = new TestEnv();
    Path root = env.projectWithNotes(dir.resolve("p"));
    List<String> up = List.of(
        "INSERT INTO notes (title) VALUES ('a; b -- c /* d */ END; BEGIN ''quoted''')",
        "CREATE TRIGGER notes_end AFTER INSERT ON notes WHEN NEW.title = 'END;' BEGIN\n  UPDATE notes SET title = "
            + "CASE WHEN NEW.title = 'END;' THEN 'ended' ELSE NEW.title END WHERE id = NEW.id;\nEND",
        "CREATE INDEX \"notes;by title\" ON notes (title) -- titles are searched; often");
    List<String> down = List.of("DROP INDEX \"notes;by title\"", "DROP TRIGGER notes_end",
        "DELETE FROM notes WHERE title = 'a; b -- c /* d */ END; BEGIN ''quoted'''");
    env.call("drift_create_migration", "{\"projectId\": \"p\", \"name\": \"end; of -- the /* story\", \"upStatements\": "
        + Args.JSON.writeValueAsString(up) + ", \"downStatements\": " + Args.JSON.writeValueAsString(down) + "}");

    SchemaStep step = ManifestFiles.manifest(root).schema().history().get(1);
    assertEquals(new SchemaStep(3, "end; of -- the /* story", up, down, true), step.leadingTo(null));
    assertTrue(step.leadsTo().startsWith("snapshot-1 schema=sha256:"), "the tool records the schema its step leads to");
    assertTrue(Files.isRegularFile(root.resolve(MigrationFile.FOLDER + "/0003_end_of_the_story.sql")));
    assertEquals(List.of(), env.tools.context().projects().check(root));
    ChangeSet again = (ChangeSet) env.call("project_generate", "{\"projectId\": \"p\"}").structured();
    assertEquals(again.files().size(), again.count(FileChange.Status.unchanged), "nothing to write the second time");
  }

  private Path copyOfTheDemo() throws IOException {
    Path root = dir.resolve("app");
    try (Stream<Path> walk = Files.walk(demo)) {
      for (Path p : walk.toList()) {
        Path target = root.resolve(demo.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target);
      }
    }
    return root;
  }

  static void replace(Path root, String relative, String find, String replacement) {
    String text = TestEnv.read(root, relative);
    assertTrue(text.contains(find), () -> relative + " holds " + find);
    write(root, relative, text.replace(find, replacement));
  }

  static void write(Path root, String relative, String text) {
    try {
      Files.writeString(root.resolve(relative), text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static void delete(Path root, String relative) {
    try {
      Files.delete(root.resolve(relative));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static void rename(Path root, String from, String to) {
    try {
      Files.move(root.resolve(from), root.resolve(to));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
