package dev.driftsmith.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
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
 * Bad input gets a clear error naming the field, and changes nothing: every file of the project,
 * driftsmith.yaml included, stays byte-for-byte the same.
 */
class BadInputTest {
  @TempDir
  Path dir;
  TestEnv env;
  Path root;

  @BeforeEach
  void project() {
    env = new TestEnv();
    root = env.project(dir.resolve("p"));
    env.call("drift_add_table", """
        {"projectId": "p", "name": "categories", "columns": [{"name": "name", "type": "text"}]}""");
    env.call("drift_add_table", """
        {"projectId": "p", "name": "todos", "columns": [{"name": "title", "type": "text"}, {"name": "rank", "type": "integer"}]}""");
    env.call("drift_add_relation", """
        {"projectId": "p", "name": "categoryTodos", "type": "oneToMany", "fromTable": "categories", "fromColumn": "id", "toTable": "todos", "toColumn": "categoryId"}""");
  }

  static Stream<Arguments> badCalls() {
    return Stream.of(
        // tool, arguments, the field the message must name, a hint of the fix
        bad("drift_add_table", "{\"projectId\": \"p\", \"name\": \"TodoItems\", \"columns\": []}", "name", "snake_case"),
        bad("drift_add_table", "{\"projectId\": \"p\", \"name\": \"sqlite_stuff\", \"columns\": []}", "name", "reserved"),
        bad("drift_add_table", "{\"projectId\": \"p\", \"name\": \"class\", \"columns\": []}", "name", "clashes"),
        bad("drift_add_table", "{\"projectId\": \"p\", \"name\": \"values\", \"columns\": []}", "name", "clashes"),
        bad("drift_add_table", "{\"projectId\": \"p\", \"name\": \"todos\", \"columns\": []}", "name", "already exists"),
        bad("drift_add_table", "{\"projectId\": \"p\", \"name\": \"todo\", \"columns\": []}", "name", "clash"),
        bad("drift_add_table", "{\"projectId\": \"p\", \"name\": \"items\", \"columns\": [{\"name\": \"first_name\", \"type\": \"text\"}]}", "columns[0].name", "lowerCamelCase"),
        bad("drift_add_table", "{\"projectId\": \"p\", \"name\": \"items\", \"columns\": [{\"name\": \"FirstName\", \"type\": \"text\"}]}", "columns[0].name", "lowerCamelCase"),
        bad("drift_add_table", "{\"projectId\": \"p\", \"name\": \"items\", \"columns\": [{\"name\": \"class\", \"type\": \"text\"}]}", "columns[0].name", "reserved"),
        bad("drift_add_table", "{\"projectId\": \"p\", \"name\": \"items\", \"columns\": [{\"name\": \"tableName\", \"type\": \"text\"}]}", "columns[0].name", "entityTable"),
        bad("drift_add_table", "{\"projectId\": \"p\", \"name\": \"items\", \"columns\": [{\"name\": \"copyWith\", \"type\": \"text\"}]}", "columns[0].name", "clashes"),
        bad("drift_add_table", "{\"projectId\": \"p\", \"name\": \"items\", \"columns\": [{\"name\": \"label\", \"type\": \"text\"}, {\"name\": \"label\", \"type\": \"integer\"}]}", "columns[1].name", "twice"),
        bad("drift_add_table", "{\"projectId\": \"p\", \"name\": \"items\", \"columns\": [{\"name\": \"label\", \"type\": \"string\"}]}", "columns[0].type", "integer, text"),
        bad("drift_add_table", "{\"projectId\": \"p\", \"name\": \"items\", \"columns\": [{\"name\": \"count\", \"type\": \"integer\", \"defaultValue\": \"five\"}]}", "columns[0].defaultValue", "whole number"),
        bad("drift_add_table", "{\"projectId\": \"p\", \"name\": \"items\", \"columns\": [{\"name\": \"ok\", \"type\": \"boolean\", \"defaultValue\": 1}]}", "columns[0].defaultValue", "true or false"),
        bad("drift_add_table", "{\"projectId\": \"p\", \"name\": \"items\", \"columns\": [{\"name\": \"at\", \"type\": \"dateTime\", \"defaultValue\": \"2020-01-01\"}]}", "columns[0].defaultValue", "now"),
        bad("drift_add_table", "{\"projectId\": \"p\", \"name\": \"items\", \"columns\": [{\"name\": \"code\", \"type\": \"text\", \"autoIncrement\": true}]}", "columns[0].autoIncrement", "integer"),
        bad("drift_add_table", "{\"projectId\": \"p\", \"name\": \"items\", \"columns\": [{\"name\": \"a\", \"type\": \"integer\", \"autoIncrement\": true}, {\"name\": \"b\", \"type\": \"integer\", \"primaryKey\": true}]}", "columns", "autoIncrement"),
        bad("drift_add_table", "{\"projectId\": \"p\", \"name\": \"items\", \"columns\": [{\"name\": \"ownerId\", \"type\": \"integer\", \"references\": {\"table\": \"owners\", \"column\": \"id\"}}]}", "columns[0].references.table", "drift_add_table"),
        bad("drift_add_table", "{\"projectId\": \"p\", \"name\": \"items\", \"columns\": [{\"name\": \"todoId\", \"type\": \"integer\", \"references\": {\"table\": \"todos\", \"column\": \"rank\"}}]}", "columns[0].references.column", "primary key nor unique"),
        bad("drift_add_table", "{\"projectId\": \"p\", \"name\": \"items\", \"colums\": []}", "colums", "accepted fields"),
        bad("drift_add_table", "{\"projectId\": \"p\", \"name\": \"items\", \"columns\": \"title\"}", "columns", "list of objects"),
        bad("drift_add_table", "{\"projectId\": \"p\", \"name\": \"items\", \"columns\": [], \"indexes\": [{\"name\": \"items_x\", \"columns\": [\"nope\"]}]}", "indexes[0].columns", "no column"),
        bad("drift_add_table", "{\"projectId\": \"nope\", \"name\": \"items\", \"columns\": []}", "projectId", "project_list"),
        bad("drift_add_relation", "{\"projectId\": \"p\", \"name\": \"x\", \"type\": \"oneToMany\", \"fromTable\": \"owners\", \"fromColumn\": \"id\", \"toTable\": \"todos\", \"toColumn\": \"ownerId\"}", "fromTable", "drift_add_table"),
        bad("drift_add_relation", "{\"projectId\": \"p\", \"name\": \"x\", \"type\": \"oneToMany\", \"fromTable\": \"categories\", \"fromColumn\": \"uuid\", \"toTable\": \"todos\", \"toColumn\": \"otherId\"}", "fromColumn", "no column"),
        bad("drift_add_relation", "{\"projectId\": \"p\", \"name\": \"categoryTodos\", \"type\": \"oneToMany\", \"fromTable\": \"categories\", \"fromColumn\": \"id\", \"toTable\": \"todos\", \"toColumn\": \"otherId\"}", "name", "already exists"),
        bad("drift_add_relation", "{\"projectId\": \"p\", \"name\": \"again\", \"type\": \"oneToMany\", \"fromTable\": \"categories\", \"fromColumn\": \"id\", \"toTable\": \"todos\", \"toColumn\": \"categoryId\"}", "toColumn", "already"),
        bad("drift_add_relation", "{\"projectId\": \"p\", \"name\": \"x\", \"type\": \"oneToMany\", \"fromTable\": \"categories\", \"fromColumn\": \"id\", \"toTable\": \"todos\", \"toColumn\": \"title\"}", "toColumn", "does not match"),
        bad("drift_add_relation", "{\"projectId\": \"p\", \"name\": \"x\", \"type\": \"manyToOne\", \"fromTable\": \"categories\", \"fromColumn\": \"id\", \"toTable\": \"todos\", \"toColumn\": \"id\"}", "type", "oneToOne"),
        bad("drift_generate_dao", "{\"projectId\": \"p\", \"tableName\": \"nope\"}", "tableName", "existing tables"),
        bad("drift_generate_dao", "{\"projectId\": \"p\", \"tableName\": \"todos\", \"customMethods\": [{\"name\": \"bad\", \"returnType\": \"List<Todo>\", \"query\": \"SELECT * FROM todoz\"}]}", "customMethods[0].query", "does not prepare"),
        bad("drift_generate_dao", "{\"projectId\": \"p\", \"tableName\": \"todos\", \"customMethods\": [{\"name\": \"two\", \"returnType\": \"int\", \"query\": \"DELETE FROM todos; DELETE FROM categories\"}]}", "customMethods[0].query", "exactly one"),
        bad("drift_generate_dao", "{\"projectId\": \"p\", \"tableName\": \"todos\", \"customMethods\": [{\"name\": \"some\", \"returnType\": \"List<Todo>\", \"query\": \"SELECT title FROM todos\"}]}", "customMethods[0].query", "every column"),
        bad("drift_generate_dao", "{\"projectId\": \"p\", \"tableName\": \"todos\", \"customMethods\": [{\"name\": \"byRank\", \"returnType\": \"List<Todo>\", \"query\": \"SELECT * FROM todos WHERE rank = ?\"}]}", "customMethods[0].parameters", "placeholder"),
        bad("drift_generate_dao", "{\"projectId\": \"p\", \"tableName\": \"todos\", \"customMethods\": [{\"name\": \"select\", \"returnType\": \"int\", \"query\": \"SELECT 1\"}]}", "customMethods[0].name", "already"),
        bad("drift_generate_dao", "{\"projectId\": \"p\", \"tableName\": \"todos\", \"customMethods\": [{\"name\": \"odd\", \"returnType\": \"Map<String, int>\", \"query\": \"SELECT 1\"}]}", "customMethods[0].returnType", "not supported"),
        bad("drift_create_migration", "{\"projectId\": \"p\", \"name\": \"x\", \"upStatements\": [\"CREATE INDEX x ON nope (a)\"], \"downStatements\": []}", "upStatements[0]", "does not run"),
        bad("drift_create_migration", "{\"projectId\": \"p\", \"name\": \"x\", \"upStatements\": [\"CREATE INDEX a ON todos (title); DROP TABLE todos\"], \"downStatements\": []}", "upStatements[0]", "more than one"),
        bad("drift_create_migration", "{\"projectId\": \"p\", \"name\": \"x\", \"upStatements\": [\"BEGIN\"], \"downStatements\": []}", "upStatements[0]", "transaction"),
        bad("drift_create_migration", "{\"projectId\": \"p\", \"name\": \"x\", \"upStatements\": [\"CREATE INDEX todos_title ON todos (title)\"], \"downStatements\": [\"SELECT 1\"]}", "downStatements", "do not restore"),
        bad("drift_enable_encryption", "{\"projectId\": \"p\", \"strategy\": \"sqlcipher\"}", "strategy", "derived"),
        bad("drift_enable_sync", "{\"projectId\": \"p\", \"tables\": [\"todos\", \"nope\"]}", "tables[1]", "no table 'nope'"),
        bad("drift_enable_sync", "{\"projectId\": \"p\", \"tables\": []}", "tables", "every table"),
        bad("drift_enable_sync", "{\"projectId\": \"p\", \"baseUrl\": \"ftp://example.com\"}", "baseUrl", "http(s) URL"),
        bad("drift_configure_conflict_resolution", "{\"projectId\": \"p\", \"strategy\": \"newest\"}", "strategy", "lastWriteWins"),
        bad("drift_configure_conflict_resolution", "{\"projectId\": \"p\", \"strategy\": \"merge\", \"tableStrategies\": {\"nope\": \"manual\"}}", "tableStrategies.nope", "no table"),
        bad("drift_configure_conflict_resolution", "{\"projectId\": \"p\", \"strategy\": \"merge\", \"tableStrategies\": {\"todos\": \"mine\"}}", "tableStrategies.todos", "serverWins"),
        bad("drift_configure_conflict_resolution", "{\"projectId\": \"p\", \"strategy\": \"merge\", \"fieldStrategies\": {\"todos.nope\": \"clientWins\"}}", "fieldStrategies.todos.nope", "no column"),
        bad("drift_configure_conflict_resolution", "{\"projectId\": \"p\", \"strategy\": \"merge\", \"fieldStrategies\": {\"title\": \"clientWins\"}}", "fieldStrategies.title", "table.column"),
        bad("drift_configure_conflict_resolution", "{\"projectId\": \"p\", \"strategy\": \"merge\", \"fieldStrategies\": {\"todos.title\": \"merge\"}}", "fieldStrategies.todos.title", "clientWins"),
        bad("drift_configure_background_sync", "{\"projectId\": \"p\", \"intervalSeconds\": 5}", "intervalSeconds", "10 to 3600"),
        bad("drift_configure_background_sync", "{\"projectId\": \"p\", \"batchSize\": 501}", "batchSize", "1 to 500"),
        bad("drift_configure_background_sync", "{\"projectId\": \"p\", \"maxRetries\": 0}", "maxRetries", "1 to 10"),
        bad("drift_configure_background_sync", "{\"projectId\": \"p\", \"priorityTables\": [\"todos\", \"todos\"]}", "priorityTables[1]", "twice"),
        bad("drift_configure_retry_policy", "{\"projectId\": \"p\", \"strategy\": \"exponentialBackoff\", \"maxRetries\": 21}", "maxRetries", "1 to 20"),
        bad("drift_configure_retry_policy", "{\"projectId\": \"p\", \"strategy\": \"exponentialBackoff\"}", "maxRetries", "required"),
        bad("drift_configure_retry_policy", "{\"projectId\": \"p\", \"strategy\": \"exponentialBackoff\", \"maxRetries\": 3, \"initialDelaySeconds\": 0.01}", "initialDelaySeconds", "0.1 to 60"),
        bad("drift_configure_retry_policy", "{\"projectId\": \"p\", \"strategy\": \"exponentialBackoff\", \"maxRetries\": 3, \"initialDelaySeconds\": 30, \"maxDelaySeconds\": 10}", "maxDelaySeconds", "at least initialDelaySeconds"),
        bad("drift_configure_retry_policy", "{\"projectId\": \"p\", \"strategy\": \"quadratic\", \"maxRetries\": 3}", "strategy", "fibonacciBackoff"),
        bad("drift_configure_offline_indicator", "{\"projectId\": \"p\", \"showBanner\": true, \"bannerPosition\": \"middle\"}", "bannerPosition", "top"),
        bad("drift_configure_offline_indicator", "{\"projectId\": \"p\", \"showBanner\": true, \"customMessages\": {\"online\": \"hi\"}}", "customMessages.online", "accepted fields"),
        bad("drift_configure_offline_indicator", "{\"projectId\": \"p\", \"showBanner\": true, \"customMessages\": {\"offline\": \" \"}}", "customMessages.offline", "empty"),
        bad("drift_configure_offline_indicator", "{\"projectId\": \"p\"}", "showBanner", "required"),
        bad("drift_configure_optimistic_updates", "{\"projectId\": \"p\", \"enabled\": true, \"confirmTimeoutSeconds\": 3}", "confirmTimeoutSeconds", "5 to 120"),
        bad("drift_configure_optimistic_updates", "{\"projectId\": \"p\", \"enabled\": true, \"tables\": [\"nope\"]}", "tables[0]", "no table"),
        bad("drift_configure_pagination", "{\"projectId\": \"p\", \"mode\": \"pages\"}", "mode", "keyset"),
        bad("drift_configure_pagination", "{\"projectId\": \"p\", \"mode\": \"keyset\", \"defaultPageSize\": 4}", "defaultPageSize", "5 to 200"),
        bad("drift_configure_pagination", "{\"projectId\": \"p\", \"mode\": \"keyset\", \"maxPageSize\": 501}", "maxPageSize", "10 to 500"),
        bad("drift_configure_pagination", "{\"projectId\": \"p\", \"mode\": \"keyset\", \"defaultPageSize\": 50, \"maxPageSize\": 20}", "maxPageSize", "at least defaultPageSize"),
        bad("drift_configure_lazy_loading", "{\"projectId\": \"p\", \"enabled\": true, \"preloadDistance\": -1}", "preloadDistance", "0 to 100"),
        bad("drift_configure_lazy_loading", "{\"projectId\": \"p\", \"pageSize\": 20}", "enabled", "required"),
        bad("drift_configure_query_cache", "{\"projectId\": \"p\", \"enabled\": true, \"evictionPolicy\": \"random\"}", "evictionPolicy", "lfu"),
        bad("drift_configure_query_cache", "{\"projectId\": \"p\", \"enabled\": true, \"maxSize\": 0}", "maxSize", "1 to 10000"),
        bad("drift_configure_batch_operations", "{\"projectId\": \"p\"}", "batchSize", "required"),
        bad("drift_configure_batch_operations", "{\"projectId\": \"p\", \"batchSize\": 100, \"delayBetweenBatchesMs\": 60001}", "delayBetweenBatchesMs", "0 to 60000"),
        bad("drift_configure_batch_operations", "{\"projectId\": \"p\", \"batchSize\": 100, \"stopOnError\": false}", "stopOnError", "useTransaction: false"),
        bad("drift_configure_data_compression", "{\"projectId\": \"p\", \"enabled\": true, \"algorithm\": \"brotli\"}", "algorithm", "gzip"),
        bad("drift_configure_data_compression", "{\"projectId\": \"p\", \"enabled\": true, \"level\": 10}", "level", "1 to 9"),
        bad("project_create", "{\"name\": \"Bad-Name\", \"path\": \"/tmp/driftsmith-never-created\"}", "name", "snake_case"),
        bad("project_create", "{\"name\": \"ok_app\", \"path\": \"relative/dir\"}", "path", "absolute"),
        bad("project_create", "{\"name\": \"ok_app\", \"id\": \"p\", \"path\": \"/tmp/driftsmith-never-created\"}", "id", "already registered"),
        bad("project_create", "{\"name\": \"ok_app\", \"path\": \"/tmp/driftsmith-never-created\", \"pwa\": {\"themeColor\": \"blue\"}}", "pwa.themeColor", "#RRGGBB"),
        bad("project_open", "{\"path\": \"/tmp/driftsmith-not-a-flutter-project\"}", "path", "pubspec.yaml"),
        bad("template_preview", "{\"templateId\": \"nope\"}", "templateId", "schema.table"),
        bad("no_such_tool", "{}", "name", "tools/list"));
  }

  static Arguments bad(String tool, String json, String field, String hint) {
    return Arguments.of(tool, json, field, hint);
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("badCalls")
  void badInputNamesTheFieldAndChangesNothing(String tool, String json, String field, String hint) throws IOException {
    env.assertRefused(root, tool, json, field, hint);
    assertTrue(Files.notExists(Path.of("/tmp/driftsmith-never-created")));
  }

  @Test
  void syncToolsOnAProjectWithoutTablesPointAtDriftAddTable() throws IOException {
    Path empty = env.project(dir.resolve("empty"), "empty");
    Map<String, String> before = TestEnv.files(empty);
    for (String tool : new String[] {"drift_enable_sync", "drift_configure_background_sync", "drift_configure_pagination"}) {
      ToolException e = env.error(tool, "{\"projectId\": \"empty\"}");
      assertTrue(e.getMessage().contains("drift_add_table"), e.getMessage());
    }
    assertEquals(before, TestEnv.files(empty));
  }

  @Test
  void aFolderWithOtherContentIsNotTakenOver() throws IOException {
    Path other = dir.resolve("other");
    Files.createDirectories(other);
    Files.writeString(other.resolve("notes.txt"), "mine");
    ToolException e = env.error("project_create", "{\"name\": \"other_app\", \"path\": " + TestEnv.quote(other) + "}");
    assertTrue(e.getMessage().startsWith("path:"), e.getMessage());
    assertEquals(Map.of("notes.txt", "mine"), TestEnv.files(other));
  }

  @Test
  void malformedJsonArgumentsAreAClearError() {
    ToolException e = assertThrows(ToolException.class, () -> Args.parse("{\"projectId\": "));
    assertTrue(e.getMessage().startsWith("arguments: malformed JSON"), e.getMessage());
    ToolException notObject = assertThrows(ToolException.class, () -> Args.parse("[1, 2]"));
    assertTrue(notObject.getMessage().startsWith("arguments:"), notObject.getMessage());
  }

  @Test
  void pathsThatLeaveTheProjectRootAreRefused() throws IOException {
    Workspace ws = new Workspace(root);
    for (String escape : new String[] {"../outside.dart", "lib/../../outside.dart", "/etc/passwd", ""}) {
      assertThrows(IOException.class, () -> ws.resolve(escape), escape);
    }
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.createSymbolicLink(root.resolve("lib/escape"), outside);
    assertThrows(IOException.class, () -> ws.writeAtomically("lib/escape/evil.dart", "x"));
    assertTrue(TestEnv.files(outside).isEmpty());
    assertEquals(root.resolve("lib/data/x.dart"), ws.resolve("lib/data/x.dart"));
  }
}
