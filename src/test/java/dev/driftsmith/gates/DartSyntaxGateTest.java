package dev.driftsmith.gates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.testing.DartSyntax;
import dev.driftsmith.testing.TestEnv;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Dart syntax gate: every generated .dart file parses with zero ERROR or MISSING nodes (there is no
 * Dart SDK on the build machine; tree-sitter-dart stands in for the parser).
 */
class DartSyntaxGateTest {
  @Test
  void theGateRejectsBrokenDart() {
    assertFalse(DartSyntax.problems("class Broken { void f( }").isEmpty());
    assertFalse(DartSyntax.problems("final x = (1 + ;").isEmpty());
    assertTrue(DartSyntax.problems("class Fine { int get x => 1; }").isEmpty());
  }

  @Test
  void everythingTheDemoWritesParses(@TempDir Path dir) {
    Map<String, String> files = TestEnv.files(TestEnv.demo(dir.resolve("demo")));
    assertGateHolds(files, 10);
  }

  /** Each template's output for fixtures that take the other branches of the templates. */
  @ParameterizedTest
  @ValueSource(strings = {"none", "derived", "user-provided"})
  void templateVariantsParse(String encryption, @TempDir Path dir) {
    TestEnv env = new TestEnv();
    Path root = env.project(dir.resolve("p"));
    env.call("drift_add_table", """
        {"projectId": "p", "name": "people", "columns": [
          {"name": "uuid", "type": "text", "primaryKey": true},
          {"name": "firstName", "type": "text"},
          {"name": "photo", "type": "blob", "nullable": true},
          {"name": "score", "type": "real", "defaultValue": 0.5}]}""");
    env.call("drift_add_table", """
        {"projectId": "p", "name": "memberships", "softDelete": true, "columns": [
          {"name": "personId", "type": "text", "primaryKey": true, "references": {"table": "people", "column": "uuid", "onDelete": "cascade"}},
          {"name": "groupName", "type": "text", "primaryKey": true},
          {"name": "active", "type": "boolean", "defaultValue": true}]}""");
    env.call("drift_generate_dao", """
        {"projectId": "p", "tableName": "people", "customMethods": [
          {"name": "byName", "returnType": "PeopleData?", "parameters": [{"name": "name", "type": "String"}],
           "query": "SELECT * FROM people WHERE first_name = ? LIMIT 1"},
          {"name": "names", "returnType": "Stream<List<String>>", "query": "SELECT first_name FROM people"},
          {"name": "maxScore", "returnType": "double?", "query": "SELECT MAX(score) AS best FROM people"},
          {"name": "purgeLow", "returnType": "void", "parameters": [{"name": "below", "type": "double"}],
           "query": "DELETE FROM people WHERE score < ?"},
          {"name": "addPerson", "returnType": "int", "parameters": [{"name": "id", "type": "String"}, {"name": "name", "type": "String"}],
           "query": "INSERT INTO people (uuid, first_name) VALUES (?, ?)"}]}""");
    env.call("drift_generate_dao", "{\"projectId\": \"p\", \"tableName\": \"memberships\"}");
    if (!encryption.equals("none")) {
      env.call("drift_enable_encryption", "{\"projectId\": \"p\", \"strategy\": \"" + encryption + "\"}");
    }
    switch (encryption) {
      case "none" -> {
        env.call("drift_configure_pagination", "{\"projectId\": \"p\", \"mode\": \"keyset\"}");
        env.call("drift_configure_lazy_loading", "{\"projectId\": \"p\", \"enabled\": true}");
        env.call("drift_configure_data_compression", "{\"projectId\": \"p\", \"enabled\": true, \"algorithm\": \"zlib\"}");
        env.call("drift_configure_batch_operations", "{\"projectId\": \"p\", \"batchSize\": 10, \"useTransaction\": false, \"stopOnError\": false, \"delayBetweenBatchesMs\": 5}");
      }
      case "derived" -> {
        env.call("drift_configure_conflict_resolution", "{\"projectId\": \"p\", \"strategy\": \"manual\"}");
        env.call("drift_configure_retry_policy", "{\"projectId\": \"p\", \"strategy\": \"fixed\", \"maxRetries\": 2, \"addJitter\": false}");
        env.call("drift_configure_offline_indicator", "{\"projectId\": \"p\", \"showBanner\": false, \"bannerPosition\": \"top\"}");
        env.call("drift_configure_pagination", "{\"projectId\": \"p\", \"mode\": \"offset\"}");
      }
      default -> {
        env.call("drift_enable_sync", "{\"projectId\": \"p\", \"tables\": [\"people\"]}");
        env.call("drift_configure_data_compression", "{\"projectId\": \"p\", \"enabled\": true}");
        env.call("drift_configure_optimistic_updates", "{\"projectId\": \"p\", \"enabled\": true, \"autoRollbackOnError\": false}");
        env.call("drift_configure_query_cache", "{\"projectId\": \"p\", \"enabled\": true, \"evictionPolicy\": \"ttlOnly\"}");
      }
    }
    assertGateHolds(TestEnv.files(root), 6);
  }

  static void assertGateHolds(Map<String, String> files, int atLeast) {
    List<String> failures = new ArrayList<>();
    int dartFiles = 0;
    for (var e : files.entrySet()) {
      if (!e.getKey().endsWith(".dart")) continue;
      dartFiles++;
      for (String problem : DartSyntax.problems(e.getValue())) failures.add(e.getKey() + ": " + problem);
    }
    assertTrue(dartFiles >= atLeast, "expected at least " + atLeast + " Dart files, got " + dartFiles);
    assertEquals(List.of(), failures);
  }
}
