package dev.driftsmith.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestIo;
import dev.driftsmith.workspace.ManifestFiles;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.testing.TestEnv;
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
 * SQL read from driftsmith.yaml runs in this process when the manifest is loaded (its history is
 * replayed to prove it). A hand-edited or hostile manifest, say in a repository someone cloned,
 * must not reach the machine through it: every stored statement passes the sandbox's rules first.
 */
class StoredSqlTest {
  @TempDir
  Path dir;

  static Stream<Arguments> hostileSteps() {
    return Stream.of(
        Arguments.of("VACUUM INTO '$ESCAPE'", "VACUUM", true),
        Arguments.of("-- x\nVACUUM INTO '$ESCAPE'", "VACUUM", false),
        Arguments.of("ATTACH DATABASE '$ESCAPE' AS v", "ATTACH", true),
        Arguments.of("PRAGMA temp_store_directory = '" + "/tmp" + "'", "PRAGMA", false),
        Arguments.of("SELECT load_extension('x')", "load_extension", true),
        Arguments.of("CREATE TABLE a (x); VACUUM INTO '$ESCAPE'", "more than one statement", false));
  }

  @ParameterizedTest
  @MethodSource("hostileSteps")
  void aHostileStatementInTheHistoryIsRefusedAtLoadAndNeverRuns(String statement, String says, boolean custom) throws Exception {
    TestEnv env = new TestEnv();
    Path root = env.project(dir.resolve("app"));
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"notes\", \"columns\": [{\"name\": \"title\", \"type\": \"text\"}]}");
    Path escape = dir.resolve("escape.db");
    Manifest m = ManifestFiles.manifest(root);
    List<SchemaStep> history = new ArrayList<>(m.schema().history());
    int next = m.schema().version() + 1;
    history.add(new SchemaStep(next, "hand-written", List.of(statement.replace("$ESCAPE", escape.toString())), List.of(), custom));
    Manifest edited = m.withSchema(new Manifest.Schema(next, m.schema().tables(), m.schema().relations(), m.schema().objects(), history));
    Files.writeString(ManifestIo.path(root), ManifestIo.toYaml(edited), StandardCharsets.UTF_8);
    Map<String, String> before = TestEnv.files(root);

    ToolException e = assertThrows(ToolException.class, () -> env.tools.context().projects().check(root));
    assertTrue(e.getMessage().startsWith("driftsmith.yaml:"), e::getMessage);
    assertTrue(e.getMessage().contains("schema.history"), e::getMessage);
    assertTrue(e.getMessage().contains(says), e::getMessage);
    assertFalse(Files.exists(escape), "a stored statement reached a file outside the project");
    assertEquals(before, TestEnv.files(root));
    assertTrue(env.error("project_generate", "{\"projectId\": \"p\"}").getMessage().contains(says));
    assertFalse(Files.exists(escape));
  }
}
