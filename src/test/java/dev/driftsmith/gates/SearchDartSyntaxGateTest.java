package dev.driftsmith.gates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.testing.DartSyntax;
import dev.driftsmith.testing.TestEnv;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dart syntax gate for the full-text search files, in both template branches: english with
 * highlights and unicode61 without. Every Dart file of the project parses with zero ERROR or
 * MISSING nodes, and no banned pattern appears in what search adds.
 */
class SearchDartSyntaxGateTest {
  @ParameterizedTest(name = "{0}, highlight {1}")
  @CsvSource({"english, true", "unicode61, false"})
  void searchFilesParse(String language, boolean highlight, @TempDir Path dir) throws Exception {
    TestEnv env = new TestEnv();
    Path root = env.project(dir.resolve("p"));
    env.call("drift_add_table", """
        {"projectId": "p", "name": "notes", "timestamps": true, "softDelete": true, "columns": [
          {"name": "title", "type": "text"}, {"name": "body", "type": "text", "nullable": true}]}""");
    env.call("drift_add_table", """
        {"projectId": "p", "name": "categories", "columns": [
          {"name": "code", "type": "integer", "primaryKey": true}, {"name": "displayName", "type": "text"}]}""");
    env.call("drift_enable_full_text_search", """
        {"projectId": "p", "tables": [{"tableName": "notes", "searchableColumns": ["title", "body"]},
          {"tableName": "categories", "searchableColumns": ["displayName"]}],
         "language": "%s", "enableHighlight": %s}""".formatted(language, highlight));
    Map<String, String> files = TestEnv.files(root);
    List<String> search = files.keySet().stream().filter(f -> f.startsWith("lib/data/search/")).toList();
    assertEquals(List.of("lib/data/search/fts_query.dart", "lib/data/search/full_text_search.dart", "lib/data/search/search.drift"), search);
    for (String f : search) {
      if (f.endsWith(".dart")) assertEquals(List.of(), DartSyntax.problems(files.get(f)), f);
    }
    DartSyntaxGateTest.assertGateHolds(files, 6);
    List<String> hits = new ArrayList<>();
    for (BannedPatternsTest.Rule rule : BannedPatternsTest.rules()) {
      for (String f : search) {
        if (rule.applies(f) && rule.pattern().matcher(files.get(f)).find()) hits.add(f + ": " + rule.why());
      }
    }
    assertEquals(List.of(), hits);
    assertTrue(files.get("lib/data/search/full_text_search.dart").contains("class CategoriesSearch"));
  }
}
