package dev.driftsmith.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestIo;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.ManifestFiles;
import dev.driftsmith.workspace.MigrationFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SQL read from the project's state runs in this process when the manifest is loaded (its history
 * is replayed to prove it). A hand-edited or hostile migration file, or an older driftsmith.yaml
 * that still holds its history, say in a repository someone cloned, must not reach the machine
 * through it: every stored statement passes the sandbox's rules first. The migration file here has
 * a hash that matches its body, as a careful attacker would write it.
 */
class StoredSqlTest {
  @TempDir
  Path dir;

  /** A statement, what the refusal says, whether the step is hand-written, and what it says when the statement is in a migration file. */
  static Stream<Arguments> hostileSteps() {
    return Stream.of(
        Arguments.of("VACUUM INTO '$ESCAPE'", "VACUUM", true, "VACUUM"),
        Arguments.of("-- x\nVACUUM INTO '$ESCAPE'", "VACUUM", false, "VACUUM"),
        Arguments.of("ATTACH DATABASE '$ESCAPE' AS v", "ATTACH", true, "ATTACH"),
        Arguments.of("PRAGMA temp_store_directory = '" + "/tmp" + "'", "PRAGMA", false, "PRAGMA"),
        Arguments.of("SELECT load_extension('x')", "load_extension", true, "load_extension"),
        // In a file, SQLite's own rule ends the statement at the first semicolon, and the file is not ours.
        Arguments.of("CREATE TABLE a (x); VACUUM INTO '$ESCAPE'", "more than one statement", false,
            "does not end its line with the semicolon that ends it"));
  }

  @ParameterizedTest
  @MethodSource("hostileSteps")
  void aHostileStatementInAMigrationFileIsRefusedAtLoadAndNeverRuns(String statement, String unused, boolean custom, String says)
      throws Exception {
    TestEnv env = new TestEnv();
    Path root = env.project(dir.resolve("app"));
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"notes\", \"columns\": [{\"name\": \"title\", \"type\": \"text\"}]}");
    Path escape = dir.resolve("escape.db");
    Manifest m = ManifestFiles.manifest(root);
    int next = m.schema().version() + 1;
    String sql = statement.replace("$ESCAPE", escape.toString());
    String path = MigrationFile.FOLDER + "/000" + next + "_hand_written.sql";
    // In the form Driftsmith writes a step: the sandbox, not the file's form, must stop the statement.
    TestEnv.writeWithMatchingHash(root, path, "-- version: " + next + "\n-- description: \"hand-written\"\n-- hand-written: "
        + (custom ? "yes" : "no") + "\n\n-- up: 1 statement\n" + sql + ";\n\n-- down: 0 statements\n");
    Files.writeString(ManifestIo.path(root), TestEnv.read(root, Manifest.FILE_NAME).replace("version: " + (next - 1), "version: " + next));
    Map<String, String> before = TestEnv.files(root);

    String refused = assertRefusedAtLoad(env, root, says);
    assertTrue(refused.startsWith(path + ":9: up[0]: "), refused);
    assertEquals(before, TestEnv.files(root));
  }

  @ParameterizedTest
  @MethodSource("hostileSteps")
  void aHostileStatementInAnOlderManifestsHistoryIsRefusedAtLoadAndNeverRuns(String statement, String says, boolean custom)
      throws Exception {
    TestEnv env = new TestEnv();
    Path root = env.project(dir.resolve("app"));
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"notes\", \"columns\": [{\"name\": \"title\", \"type\": \"text\"}]}");
    Path escape = dir.resolve("escape.db");
    Manifest m = ManifestFiles.manifest(root);
    List<SchemaStep> history = new ArrayList<>(m.schema().history());
    int next = m.schema().version() + 1;
    history.add(new SchemaStep(next, "hand-written", List.of(statement.replace("$ESCAPE", escape.toString())), List.of(), custom));
    Manifest edited = m.withSchema(new Manifest.Schema(next, m.schema().tables(), m.schema().relations(), history));
    // The older format: the whole history inside driftsmith.yaml, and no migration files.
    Files.writeString(ManifestIo.path(root), ManifestIo.YAML.writeValueAsString(edited), StandardCharsets.UTF_8);
    TestEnv.deleteRecursively(root.resolve(MigrationFile.FOLDER));
    Map<String, String> before = TestEnv.files(root);

    String refused = assertRefusedAtLoad(env, root, says);
    assertTrue(refused.startsWith("driftsmith.yaml:"), refused);
    assertTrue(refused.contains("schema.history"), refused);
    assertEquals(before, TestEnv.files(root));
  }

  /**
   * project_generate refuses the project, saying {@code says}, and so does check (or, for a file not
   * in our form, lists it); nothing reached a file outside the project. Returns the refusal.
   */
  private String assertRefusedAtLoad(TestEnv env, Path root, String says) throws Exception {
    String refused = env.error("project_generate", "{\"projectId\": \"p\"}").getMessage();
    assertTrue(refused.contains(says), refused);
    assertFalse(Files.exists(dir.resolve("escape.db")), "a stored statement reached a file outside the project");
    String checked;
    try {
      checked = env.tools.context().projects().check(root).toString();
    } catch (ToolException e) {
      checked = e.getMessage();
    }
    assertTrue(checked.contains(says), checked);
    assertFalse(Files.exists(dir.resolve("escape.db")));
    return refused;
  }
}
