package dev.driftsmith.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.testing.TestEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hand edits of driftsmith.yaml that YAML may read as the manifest the last write wrote, or almost:
 * whichever way the generate answers (from the record or in full), its answer, its dry run and
 * every file it leaves are those of the same generate of a copy that has no record.
 */
class SameManifestTest {
  @TempDir
  Path tmp;

  private final TestEnv env = new TestEnv();
  private ProjectService projects;
  private Path root;


  @BeforeEach
  void project() {
    projects = env.tools.context().projects();
    root = env.projectWithNotes(tmp.resolve("app"));
    env.call("drift_enable_sync", "{\"projectId\": \"p\", \"tables\": [\"notes\"]}");
  }

  static Stream<Arguments> edits() {
    return Stream.of(
        edit("a byte-order mark", t -> "\uFEFF" + t),
        edit("CRLF line ends", t -> t.replace("\n", "\r\n")),
        edit("a document start and end", t -> "---\n" + t + "...\n"),
        edit("a YAML 1.1 directive", t -> "%YAML 1.1\n---\n" + t),
        edit("a second document", t -> t + "---\nproject:\n  id: other\n"),
        edit("an explicit tag", t -> t.replace("  - name: notes\n", "  - name: !!str notes\n")),
        edit("an anchor and its alias", t -> t.replace("  - name: notes\n", "  - name: &t notes\n").replace("    - notes\n", "    - *t\n")),
        edit("a key written twice", t -> t.replace("  - name: notes\n", "  - name: other\n    name: notes\n")),
        edit("a key in another case", t -> t.replace("  - name: notes\n", "  - Name: notes\n")),
        edit("quoted keys and values", t -> t.replace("  - name: notes\n", "  - \"name\": 'notes'\n")),
        edit("an unknown key", t -> t + "extra: 1\n"),
        edit("an explicitly empty history", t -> t.replace("schema:\n", "schema:\n  history: []\n")),
        edit("an older protocol", t -> t.replace("protocol: 2\n", "protocol: 1\n")),
        edit("a null spelt another way", t -> t.replace("baseUrl: null\n", "baseUrl: ~\n")),
        edit("a four-megabyte comment", t -> t + "# " + "x".repeat(4 << 20) + "\n"));
  }

  private static Arguments edit(String name, UnaryOperator<String> edit) {
    return Arguments.of(name, edit);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("edits")
  void anEditIsAnsweredAsAProjectWithoutRecordAnswersIt(String name, UnaryOperator<String> edit) throws Exception {
    Path copy = copyWithoutRecord();
    for (Path dir : List.of(root, copy)) {
      Path yaml = dir.resolve("driftsmith.yaml");
      String text = Files.readString(yaml);
      String edited = edit.apply(text);
      assertFalse(edited.equals(text), "the edit applies: " + name);
      Files.writeString(yaml, edited);
    }
    Map<String, String> files = TestEnv.files(root);
    Map<String, String> cache = TestEnv.cache(root);
    assertEquals(answer(copy, true), answer(root, true), "dry run");
    assertEquals(files, TestEnv.files(root), "a dry run writes nothing");
    assertEquals(cache, TestEnv.cache(root), "a dry run writes nothing in " + TestEnv.CACHE);
    assertEquals(answer(copy, false), answer(root, false));
    assertEquals(TestEnv.files(copy), TestEnv.files(root));
    assertEquals(answer(copy, false), answer(root, false), "the next generate");
  }

  @Test
  void aDryRunOfACommentedManifestReportsThatItWroteNothing() throws Exception {
    Files.writeString(root.resolve("driftsmith.yaml"), "# mine\n" + Files.readString(root.resolve("driftsmith.yaml")));
    GenerateTests.Reports reports = new GenerateTests.Reports();
    ChangeSet answer = projects.regenerate(root, "p", new ProjectService.Options(true, false, reports));
    assertEquals(1, answer.count(dev.driftsmith.workspace.FileChange.Status.updated), answer::summary);
    assertEquals(1, reports.reports.size(), reports.reports::toString);
    String report = reports.reports.get(0);
    assertTrue(report.startsWith("dry run: ") && report.endsWith("rendered or written"), report);
    assertFalse(report.contains("was written back"), report);
  }

  @Test
  void aFeatureSettingOfAnotherTypeIsRefusedWithItsFieldRatherThanFailingInside() throws Exception {
    // YAML 1.2 reads 0x2 as a string; sync's protocol is an integer.
    Path yaml = root.resolve("driftsmith.yaml");
    Files.writeString(yaml, Files.readString(yaml).replace("protocol: 2\n", "protocol: 0x2\n"));
    env.assertRefused(root, "project_generate", "{\"projectId\": \"p\"}", "driftsmith.yaml", "0x2");
    String message = env.error("drift_add_table", "{\"projectId\": \"p\", \"name\": \"tasks\", \"columns\": "
        + "[{\"name\": \"title\", \"type\": \"text\"}]}").getMessage();
    assertTrue(message.matches("(?s)driftsmith\\.yaml:\\d+: features\\.sync\\.protocol: must be a whole number, got \"0x2\".*"), message);
  }

  /** The files and notes of a generate of {@code dir} (its root spelt ROOT), or the message of its refusal. */
  private String answer(Path dir, boolean dryRun) throws Exception {
    try {
      ChangeSet answer = projects.regenerate(dir, "p", new ProjectService.Options(dryRun, false, new GenerateTests.Reports()));
      return (answer.files() + " " + answer.notes()).replace(dir.toString(), "ROOT");
    } catch (ToolException e) {
      return "refused: " + e.getMessage().replace(dir.toString(), "ROOT");
    }
  }

  private Path copyWithoutRecord() throws IOException {
    return GenerateTests.copyWithoutRecord(root, tmp.resolve("copy"));
  }
}
