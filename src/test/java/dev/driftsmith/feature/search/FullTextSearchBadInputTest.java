package dev.driftsmith.feature.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.testing.TestEnv;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * drift_enable_full_text_search refuses bad input with a message that starts with the field, and
 * changes nothing: every file, driftsmith.yaml included, stays byte-for-byte the same. Run on a
 * project where search is already enabled, so "nothing" also means the existing index stays.
 */
class FullTextSearchBadInputTest {
  static final String TOOL = "drift_enable_full_text_search";

  @TempDir
  Path dir;
  TestEnv env;
  Path root;

  @BeforeEach
  void project() {
    env = new TestEnv();
    root = env.project(dir.resolve("p"));
    env.call("drift_add_table", """
        {"projectId": "p", "name": "notes", "timestamps": true, "columns": [
          {"name": "title", "type": "text"}, {"name": "body", "type": "text", "nullable": true},
          {"name": "pinned", "type": "boolean"}, {"name": "rank", "type": "text", "nullable": true}]}""");
    env.call("drift_add_table", """
        {"projectId": "p", "name": "people", "columns": [{"name": "uuid", "type": "text", "primaryKey": true}, {"name": "name", "type": "text"}]}""");
    env.call("drift_add_table", """
        {"projectId": "p", "name": "memberships", "columns": [
          {"name": "personId", "type": "integer", "primaryKey": true}, {"name": "groupId", "type": "integer", "primaryKey": true},
          {"name": "note", "type": "text"}]}""");
    // Added before the tables whose search index they would name: once todos exists, todos_fts is reserved.
    env.call("drift_add_table", """
        {"projectId": "p", "name": "todos_fts", "columns": [{"name": "label", "type": "text"}]}""");
    env.call("drift_add_table", """
        {"projectId": "p", "name": "todos", "columns": [{"name": "label", "type": "text"}]}""");
    env.call("drift_add_table", """
        {"projectId": "p", "name": "tags_fts_data", "columns": [{"name": "block", "type": "blob"}]}""");
    env.call("drift_add_table", """
        {"projectId": "p", "name": "tags", "columns": [{"name": "label", "type": "text"}]}""");
    env.call(TOOL, call("[{\"tableName\": \"notes\", \"searchableColumns\": [\"title\"]}]", "english", "true"));
  }

  static String call(String tables, String language, String highlight) {
    return "{\"projectId\": \"p\", \"tables\": " + tables + ", \"language\": \"" + language + "\", \"enableHighlight\": " + highlight + "}";
  }

  static String notes(String columns) {
    return "[{\"tableName\": \"notes\", \"searchableColumns\": " + columns + "}]";
  }

  static Stream<Arguments> badCalls() {
    return Stream.of(
        // arguments, the field the message must start with, a hint of the fix
        bad(call("[{\"tableName\": \"nope\", \"searchableColumns\": [\"title\"]}]", "english", "true"), "tables[0].tableName", "no table 'nope'"),
        bad(call(notes("[\"title\", \"nope\"]"), "english", "true"), "tables[0].searchableColumns[1]", "no column 'nope'"),
        bad(call(notes("[\"created_at\"]"), "english", "true"), "tables[0].searchableColumns[0]", "camelCase"),
        bad(call(notes("[\"pinned\"]"), "english", "true"), "tables[0].searchableColumns[0]", "only text columns"),
        bad(call(notes("[\"title\", \"createdAt\"]"), "english", "true"), "tables[0].searchableColumns[1]", "dateTime"),
        bad(call("[]", "english", "true"), "tables", "at least one table"),
        bad(call(notes("[]"), "english", "true"), "tables[0].searchableColumns", "at least one text column"),
        bad("{\"projectId\": \"p\", \"tables\": [{\"tableName\": \"notes\"}], \"language\": \"english\", \"enableHighlight\": true}",
            "tables[0].searchableColumns", "required"),
        bad(call(notes("[\"title\"]"), "french", "true"), "language", "english, porter, unicode61"),
        bad("{\"projectId\": \"p\", \"tables\": " + notes("[\"title\"]") + ", \"enableHighlight\": true}", "language", "required"),
        bad("{\"projectId\": \"p\", \"tables\": " + notes("[\"title\"]") + ", \"language\": \"english\"}", "enableHighlight", "required"),
        bad(call(notes("[\"title\"]"), "english", "\"yes\""), "enableHighlight", "true or false"),
        bad(call("[{\"tableName\": \"people\", \"searchableColumns\": [\"name\"]}]", "english", "true"), "tables[0].tableName", "single integer primary key"),
        bad(call("[{\"tableName\": \"memberships\", \"searchableColumns\": [\"note\"]}]", "english", "true"), "tables[0].tableName", "single integer primary key"),
        bad(call("[" + notes("[\"title\"]").substring(1, notes("[\"title\"]").length() - 1) + ", {\"tableName\": \"notes\", \"searchableColumns\": [\"body\"]}]",
            "english", "true"), "tables[1].tableName", "twice"),
        bad(call(notes("[\"title\", \"title\"]"), "english", "true"), "tables[0].searchableColumns[1]", "twice"),
        bad(call(notes("[\"rank\"]"), "english", "true"), "tables[0].searchableColumns[0]", "reserves"),
        bad(call(notes("\"title\""), "english", "true"), "tables[0].searchableColumns", "list of strings"),
        bad(call("[{\"tableName\": \"notes\", \"columns\": [\"title\"]}]", "english", "true"), "tables[0].columns", "accepted fields"),
        bad(call("[{\"tableName\": \"todos\", \"searchableColumns\": [\"label\"]}]", "english", "true"), "tables[0].tableName", "already a table"),
        bad(call("[{\"tableName\": \"tags\", \"searchableColumns\": [\"label\"]}]", "english", "true"), "tables[0].tableName", "'tags_fts_data'"),
        bad(call("\"notes\"", "english", "true"), "tables", "list of objects"),
        bad("{\"projectId\": \"p\", \"tabels\": []}", "tabels", "accepted fields"),
        bad(call(notes("[\"title\"]"), "english", "true").replace("\"p\"", "\"nope\""), "projectId", "project_list"));
  }

  static Arguments bad(String json, String field, String hint) {
    return Arguments.of(json, field, hint);
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("badCalls")
  void badInputNamesTheFieldAndChangesNothing(String json, String field, String hint) {
    env.assertRefused(root, TOOL, json, field, hint);
  }

  @Test
  void aProjectWithoutTablesIsPointedAtDriftAddTable() {
    Path empty = env.project(dir.resolve("empty"), "empty");
    Map<String, String> before = TestEnv.files(empty);
    ToolException e = env.error(TOOL, call(notes("[\"title\"]"), "english", "true").replace("\"p\"", "\"empty\""));
    assertTrue(e.getMessage().startsWith("projectId:") && e.getMessage().contains("drift_add_table"), e.getMessage());
    assertEquals(before, TestEnv.files(empty));
  }

  @Test
  void aDryRunWritesNothing() {
    Map<String, String> before = TestEnv.files(root);
    String summary = env.call(TOOL, """
        {"projectId": "p", "tables": [{"tableName": "notes", "searchableColumns": ["title", "body"]}],
         "language": "unicode61", "enableHighlight": false, "dryRun": true}""").summary();
    assertEquals(before, TestEnv.files(root));
    TestEnv.assertContains(summary, "lib/data/search/search.drift");
  }
}
