package dev.driftsmith.feature.schema;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.schema.OwnTable;
import dev.driftsmith.schema.SchemaModel;
import dev.driftsmith.schema.SchemaObject;
import dev.driftsmith.testing.Schemas;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.ManifestFiles;
import dev.driftsmith.workspace.MigrationFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The names of the tables features add are not the project's to take: drift_add_table and a
 * many-to-many relation's junction table refuse them whether the feature is enabled yet or not,
 * and a feature cannot be enabled in a project (made before the names were reserved) whose own
 * table has the name of one of its tables.
 */
class FeatureTableNamesTest {
  @TempDir
  Path dir;
  TestEnv env;
  Path root;

  @BeforeEach
  void project() {
    env = new TestEnv();
    root = env.projectWithNotes(dir.resolve("p"));
  }

  static Stream<Arguments> featureTables() {
    return Stream.of(
        Arguments.of("audit_log", "audit log"), Arguments.of("audit_actor", "audit log"),
        Arguments.of("sync_outbox", "sync"), Arguments.of("sync_meta", "sync"), Arguments.of("sync_conflicts", "sync"),
        Arguments.of("sync_deferred", "sync"), Arguments.of("sync_records", "sync"),
        Arguments.of("notes_fts", "full-text search"), Arguments.of("notes_fts_data", "full-text search"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("featureTables")
  void addTableRefusesTheNameOfAFeatureTableNotEnabledYet(String name, String feature) {
    env.assertRefused(root, "drift_add_table", addTable(name), "name",
        "'" + name + "' is a table the " + feature + " feature adds; choose another name");
  }

  @Test
  void addTableRefusesTheNameOfAnEnabledFeaturesTable() {
    env.call("drift_enable_audit_logging", """
        {"projectId": "p", "tables": ["notes"], "captureUserInfo": false, "captureBeforeAfter": true}""");
    // The actor's table is not created without captureUserInfo, and is reserved all the same.
    env.assertRefused(root, "drift_add_table", addTable("audit_actor"), "name", "a table the audit log feature adds");
    env.assertRefused(root, "drift_add_table", addTable("audit_log"), "name", "a table the audit log feature adds");
  }

  @Test
  void aJunctionTableCannotTakeTheNameOfAFeatureTable() {
    env.call("drift_add_table", addTable("tags"));
    env.assertRefused(root, "drift_add_relation", """
        {"projectId": "p", "name": "noteTags", "type": "manyToMany", "fromTable": "notes", "fromColumn": "id",
         "toTable": "tags", "toColumn": "id", "throughTable": "sync_outbox"}""", "throughTable",
        "'sync_outbox' is a table the sync feature adds; choose another name");
  }

  /** Every table a feature creates is one it reserves: the demo enables every feature. */
  @Test
  void everyTableTheFeaturesCreateIsReserved() throws Exception {
    Manifest demo = ManifestFiles.manifest(TestEnv.demo(dir.resolve("demo")));
    SchemaModel model = Schemas.steps().model();
    Set<String> reserved = model.ownTables(demo).stream().map(OwnTable::name).collect(Collectors.toSet());
    List<String> created = model.of(demo).objects().stream()
        .filter(o -> o.kind() == SchemaObject.Kind.TABLE || o.kind() == SchemaObject.Kind.VIRTUAL_TABLE)
        .map(SchemaObject::name).toList();
    assertTrue(created.size() >= 7, "the demo's feature tables: " + created);
    for (String name : created) assertTrue(reserved.contains(name), name + " is created by a feature but not reserved: " + reserved);
  }

  static Stream<Arguments> enablingCalls() {
    return Stream.of(
        Arguments.of("audit_log", "drift_enable_audit_logging", """
            {"projectId": "p", "tables": ["notes"], "captureUserInfo": true, "captureBeforeAfter": true}""", "audit log"),
        Arguments.of("sync_outbox", "drift_enable_sync", """
            {"projectId": "p", "tables": ["notes"], "baseUrl": "https://example.com/sync"}""", "sync"));
  }

  /**
   * A project whose own table took a feature's table name before names were reserved still loads
   * and works, but that feature is refused, naming the project's table: SQLite would otherwise
   * skip the feature's CREATE TABLE IF NOT EXISTS and mix its rows into the project's table.
   */
  @ParameterizedTest(name = "{1} with a table {0}")
  @MethodSource("enablingCalls")
  void aFeatureIsRefusedWhereAProjectTableHasTheNameOfItsTable(String name, String tool, String json, String feature)
      throws Exception {
    renameTable(root, "notes", name);
    env.call("drift_add_table", addTable("notes"));
    env.assertRefused(root, tool, json, "schema.tables[0].name",
        "'" + name + "' is the project's own table, and the " + feature + " feature adds a table of that name");
  }

  private static String addTable(String name) {
    return "{\"projectId\": \"p\", \"name\": \"" + name + "\", \"columns\": [{\"name\": \"line\", \"type\": \"text\"}]}";
  }

  /**
   * Renames {@code from} to {@code to} in driftsmith.yaml and in the migration file that added it,
   * as drift_add_table would have written them for {@code to} before feature table names were
   * reserved.
   */
  static void renameTable(Path root, String from, String to) throws IOException, ToolException {
    String relative = "driftsmith/migrations/0002_add_table_" + from + ".sql";
    Path file = root.resolve(relative);
    SchemaStep step = MigrationFile.read(relative, Files.readString(file, StandardCharsets.UTF_8)).step();
    SchemaStep renamed = new SchemaStep(step.version(), "add table " + to, rename(step.up(), from, to),
        rename(step.down(), from, to), step.custom());
    Files.delete(file);
    Files.writeString(root.resolve(MigrationFile.path(renamed)), MigrationFile.render(renamed), StandardCharsets.UTF_8);
    Path yaml = root.resolve("driftsmith.yaml");
    String manifest = Files.readString(yaml, StandardCharsets.UTF_8);
    Files.writeString(yaml, manifest.replace("name: " + from + "\n", "name: " + to + "\n")
        .replace("add table " + from, "add table " + to), StandardCharsets.UTF_8);
  }

  /** The statements of a plain table's step name it quoted, and nothing else so. */
  private static List<String> rename(List<String> statements, String from, String to) {
    return statements.stream().map(s -> s.replace("\"" + from + "\"", "\"" + to + "\"")).toList();
  }
}
