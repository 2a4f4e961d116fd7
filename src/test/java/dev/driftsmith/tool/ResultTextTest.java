package dev.driftsmith.tool;

import static dev.driftsmith.testing.TestEnv.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.generate.ChangeSet;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.FileChange;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many clients pass only a result's text to the model: a dry run's diffs must be in it, shortened when long. */
class ResultTextTest {
  @TempDir
  Path dir;

  @Test
  void aDryRunsTextHoldsTheDiffsAClientWouldOtherwiseOnlyFindInStructuredContent() {
    TestEnv env = new TestEnv();
    env.project(dir.resolve("p"));
    ToolResult result = env.call("drift_add_table", """
        {"projectId": "p", "name": "notes", "columns": [{"name": "title", "type": "text"}], "dryRun": true}""");
    ChangeSet changes = (ChangeSet) result.structured();
    FileChange table = changes.files().stream().filter(f -> f.path().equals("lib/data/tables/notes.dart")).findFirst().orElseThrow();
    assertContains(result.summary(), "Dry run (nothing written)");
    assertContains(result.summary(), table.diff().lines().limit(ResultText.LINES_PER_FILE).collect(Collectors.joining("\n")));
  }

  @Test
  void aLongDiffIsCutAfterItsFirstLinesAndSaysWhereTheRestIs() {
    String diff = IntStream.range(0, 100).mapToObj(i -> "+line " + i).collect(Collectors.joining("\n"));
    String text = ResultText.of(dryRun(List.of(new FileChange("a.dart", FileChange.Status.created, null, diff))));
    assertContains(text, "+line " + (ResultText.LINES_PER_FILE - 1));
    assertFalse(text.contains("+line " + ResultText.LINES_PER_FILE + "\n"), text);
    assertContains(text, "… 40 more lines; the whole diff is structuredContent.files[0].diff");
  }

  @Test
  void theDiffsTogetherStayWithinTheTextLimit() {
    String wide = "+" + "x".repeat(1_000);
    String diff = IntStream.range(0, ResultText.LINES_PER_FILE).mapToObj(i -> wide).collect(Collectors.joining("\n"));
    List<FileChange> files = IntStream.range(0, 5).mapToObj(i -> new FileChange("f" + i + ".dart", FileChange.Status.created, null, diff)).toList();
    String text = ResultText.of(dryRun(files));
    assertTrue(text.length() <= ResultText.MAX_CHARS + 2_000, () -> "text of " + text.length() + " characters");
    assertContains(text, "further diffs left out (text limit of " + ResultText.MAX_CHARS + " characters)");
  }

  @Test
  void aCallThatWritesKeepsItsShortSummary() {
    ChangeSet written = new ChangeSet("p", "/x", false, 2, List.of(new FileChange("a.dart", FileChange.Status.created, null, null)), List.of());
    assertEquals(written.summary(), ResultText.of(written));
  }

  private static ChangeSet dryRun(List<FileChange> files) {
    return new ChangeSet("p", "/x", true, 2, files, List.of());
  }
}
