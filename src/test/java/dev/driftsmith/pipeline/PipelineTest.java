package dev.driftsmith.pipeline;

import static dev.driftsmith.testing.TestEnv.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.cli.Cli;
import dev.driftsmith.feature.core.TemplatePreviewTool;
import dev.driftsmith.generate.ChangeSet;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestIo;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.FileChange;
import dev.driftsmith.workspace.ManifestFiles;
import dev.driftsmith.workspace.Pubspec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Generation rules: deterministic, idempotent, hash-guarded, dry runs write nothing. */
class PipelineTest {
  @TempDir
  Path dir;

  private ChangeSet changes(TestEnv env, String tool, String json) {
    return (ChangeSet) env.call(tool, json).structured();
  }

  @Test
  void generatingTwiceWritesNothingTheSecondTime() throws Exception {
    Path root = TestEnv.demo(dir.resolve("demo"));
    Map<String, String> before = TestEnv.files(root);
    long modified = Files.getLastModifiedTime(root.resolve("lib/data/database.dart")).toMillis();
    TestEnv env = new TestEnv();
    env.call("project_open", "{\"path\": " + TestEnv.quote(root) + "}");
    ChangeSet second = changes(env, "project_generate", "{\"projectId\": \"notes_demo\"}");
    assertEquals(0, second.count(FileChange.Status.created) + second.count(FileChange.Status.updated), second.summary());
    assertEquals(before, TestEnv.files(root));
    assertEquals(modified, Files.getLastModifiedTime(root.resolve("lib/data/database.dart")).toMillis());
  }

  @Test
  void sameManifestSameBytes() {
    Map<String, String> a = TestEnv.files(TestEnv.demo(dir.resolve("a")));
    Map<String, String> b = TestEnv.files(TestEnv.demo(dir.resolve("b")));
    assertEquals(a, b);
  }

  @Test
  void anEditedFileIsRefusedUnlessForced() throws Exception {
    TestEnv env = new TestEnv();
    Path root = env.project(dir.resolve("p"));
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"items\", \"columns\": [{\"name\": \"label\", \"type\": \"text\"}]}");
    Path table = root.resolve("lib/data/tables/items.dart");
    String edited = Files.readString(table).replace("/// Table `items`.", "/// my own comment");
    Files.writeString(table, edited);
    ChangeSet refused = changes(env, "drift_add_table", "{\"projectId\": \"p\", \"name\": \"others\", \"columns\": [{\"name\": \"label\", \"type\": \"text\"}]}");
    assertEquals(edited, Files.readString(table), "an edited file is left alone");
    FileChange database = refused.files().stream().filter(f -> f.path().equals("lib/data/database.dart")).findFirst().orElseThrow();
    assertEquals(FileChange.Status.updated, database.status());
    String regenerate = "{\"projectId\": \"p\", \"tableName\": \"items\"}";
    env.call("drift_generate_dao", regenerate);
    // The table file is only rewritten when its content must change; force it through generate.
    ChangeSet unforced = changes(env, "project_generate", "{\"projectId\": \"p\"}");
    assertEquals(FileChange.Status.refused, status(unforced, "lib/data/tables/items.dart"));
    assertContains(unforced.summary(), "edited by hand");
    ChangeSet forced = changes(env, "project_generate", "{\"projectId\": \"p\", \"force\": true}");
    assertEquals(FileChange.Status.updated, status(forced, "lib/data/tables/items.dart"));
    assertFalse(Files.readString(table).contains("my own comment"));
  }

  @Test
  void aFileWithoutOurHeaderIsNeverOverwrittenEvenWithForce() throws Exception {
    TestEnv env = new TestEnv();
    Path root = env.project(dir.resolve("p"));
    Files.writeString(root.resolve("build.yaml"), "targets: {}\n");
    ChangeSet result = changes(env, "project_generate", "{\"projectId\": \"p\", \"force\": true}");
    assertEquals(FileChange.Status.refused, status(result, "build.yaml"));
    assertEquals("targets: {}\n", Files.readString(root.resolve("build.yaml")));
  }

  @Test
  void dryRunReturnsDiffsAndWritesNothing() throws Exception {
    TestEnv env = new TestEnv();
    Path root = env.project(dir.resolve("p"));
    Map<String, String> before = TestEnv.files(root);
    ChangeSet dry = changes(env, "drift_add_table", "{\"projectId\": \"p\", \"dryRun\": true, \"name\": \"items\", \"columns\": [{\"name\": \"label\", \"type\": \"text\"}]}");
    assertTrue(dry.dryRun());
    assertEquals(before, TestEnv.files(root));
    FileChange table = dry.files().stream().filter(f -> f.path().equals("lib/data/tables/items.dart")).findFirst().orElseThrow();
    assertEquals(FileChange.Status.created, table.status());
    assertContains(table.diff(), "+class Items extends Table {");
    assertContains(dry.files().get(0).diff(), "+  - name: items");
  }

  @Test
  void checkExitsOneAfterAGeneratedFileIsEdited() throws Exception {
    Path root = TestEnv.demo(dir.resolve("demo"));
    assertEquals(0, run("check", root.toString()));
    Path dao = root.resolve("lib/data/daos/todos_dao.dart");
    Files.writeString(dao, Files.readString(dao).replace("getAll()", "getEverything()"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(1, run(out, "check", root.toString()));
    assertContains(out.toString(StandardCharsets.UTF_8), "lib/data/daos/todos_dao.dart: edited by hand");
  }

  @Test
  void checkReportsStaleFilesAfterAManifestEdit() throws Exception {
    Path root = TestEnv.demo(dir.resolve("demo"));
    Path yaml = root.resolve("driftsmith.yaml");
    Files.writeString(yaml, Files.readString(yaml).replace("displayName: Notes & Todos", "displayName: Renamed"));
    assertEquals(0, run("check", root.toString()), "display name only shapes scaffold files");
    Files.writeString(yaml, Files.readString(yaml).replace("name: app_database", "name: other_db"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(1, run(out, "check", root.toString()));
    assertContains(out.toString(StandardCharsets.UTF_8), "lib/data/connection.dart: stale");
    assertEquals(0, run("generate", root.toString()));
    assertEquals(0, run("check", root.toString()));
  }

  @Test
  void schemaCommandPrintsTheDdlOfAnyVersion() throws Exception {
    Path root = TestEnv.demo(dir.resolve("demo"));
    ByteArrayOutputStream current = new ByteArrayOutputStream();
    assertEquals(0, run(current, "schema", root.toString()));
    assertContains(current.toString(StandardCharsets.UTF_8), "CREATE TABLE \"todos_tags\"");
    ByteArrayOutputStream v2 = new ByteArrayOutputStream();
    assertEquals(0, run(v2, "schema", root.toString(), "--version", "2"));
    String early = v2.toString(StandardCharsets.UTF_8);
    assertContains(early, "CREATE TABLE \"categories\"");
    assertFalse(early.contains("todos"));
    assertEquals(2, run("schema", root.toString(), "--version", "99"));
  }

  @Test
  void everyYamlFileWeWriteParses() {
    Map<String, String> files = TestEnv.files(TestEnv.demo(dir.resolve("demo")));
    int yamlFiles = 0;
    for (var e : files.entrySet()) {
      if (e.getKey().endsWith(".yaml")) {
        assertTrue(Pubspec.parse(e.getValue()).isObject(), e.getKey());
        yamlFiles++;
      }
    }
    assertEquals(4, yamlFiles);
    var pubspec = Pubspec.parse(files.get("pubspec.yaml"));
    assertEquals("notes_demo", pubspec.path("name").asString());
    for (String dep : new String[] {"drift", "drift_flutter", "flutter_secure_storage"}) assertTrue(pubspec.path("dependencies").has(dep), dep);
    for (String dep : new String[] {"drift_dev", "build_runner", "flutter_lints"}) assertTrue(pubspec.path("dev_dependencies").has(dep), dep);
    assertEquals("sqlite3mc", pubspec.path("hooks").path("user_defines").path("sqlite3").path("source").asString());
    assertTrue(Args_isJson(files.get("web/manifest.json")));
  }

  private static boolean Args_isJson(String json) {
    return dev.driftsmith.input.Args.JSON.readTree(json).isObject();
  }

  /** Every template previews with the sample data, writes nothing, and its Dart output parses. */
  @Test
  void everyTemplatePreviewsWithSampleData() {
    TestEnv env = new TestEnv();
    var generator = dev.driftsmith.Driftsmith.features();
    int previewed = 0;
    for (var feature : generator) {
      for (var spec : feature.templates()) {
        var result = env.call("template_preview", "{\"templateId\": \"" + spec.id() + "\"}");
        @SuppressWarnings("unchecked")
        var files = (java.util.List<Map<String, String>>) ((Map<String, Object>) result.structured()).get("files");
        assertFalse(files.isEmpty(), spec.id());
        for (Map<String, String> f : files) {
          if (f.get("path").endsWith(".dart")) {
            assertEquals(java.util.List.of(), dev.driftsmith.testing.DartSyntax.problems(f.get("content")), spec.id() + " " + f.get("path"));
          }
        }
        previewed++;
      }
    }
    assertTrue(previewed >= 39, "templates previewed: " + previewed);
  }

  /**
   * template_preview's sample data is the demo's manifest with its whole history, one resource in
   * the older, self-contained format (schema.history inside driftsmith.yaml), which a jar holds
   * more simply than a folder of migration files. So it also keeps the older format readable.
   */
  @Test
  void theSampleManifestOfTemplatePreviewIsTheDemosManifest() throws Exception {
    Path root = TestEnv.demo(dir.resolve("demo"));
    Manifest demo = ManifestFiles.manifest(root);
    Path sample = Path.of("src/main/resources/sample/driftsmith.yaml");
    if (Boolean.getBoolean("sample.update")) {
      Files.writeString(sample, TestEnv.read(root, "driftsmith.yaml").lines().takeWhile(l -> l.startsWith("#"))
          .map(l -> l + "\n").collect(java.util.stream.Collectors.joining()) + ManifestIo.YAML.writeValueAsString(demo));
    }
    assertTrue(!TemplatePreviewTool.sampleManifest().schema().history().isEmpty(), "the sample holds its history");
    assertEquals(demo, TemplatePreviewTool.sampleManifest(), "src/main/resources/sample/driftsmith.yaml is stale: run "
        + "mvn -q -o test -Dtest=PipelineTest -Dsample.update=true and review its diff");
  }

  @Test
  void theManifestRoundTripsAndRejectsUnknownFields() throws Exception {
    Path root = TestEnv.demo(dir.resolve("demo"));
    var manifest = ManifestFiles.manifest(root);
    String yaml = ManifestIo.toYaml(manifest);
    assertEquals(TestEnv.read(root, "driftsmith.yaml"), yaml);
    Manifest parsed = ManifestIo.parse(yaml);
    assertEquals(List.of(), parsed.schema().history(), "the history is in driftsmith/migrations/, not in driftsmith.yaml");
    assertEquals(manifest, parsed.withSchema(parsed.schema().withHistory(manifest.schema().history())));
    Files.writeString(root.resolve("driftsmith.yaml"), yaml.replace("  version: ", "  verison: "));
    assertEquals(2, run("generate", root.toString()));
  }

  @Test
  void handlebarsDoesNotEscapeSourceCode() {
    TestEnv env = new TestEnv();
    Path root = env.project(dir.resolve("p"));
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"items\", \"columns\": [{\"name\": \"label\", \"type\": \"text\", \"defaultValue\": \"it's <b>&\\\"x\\\"</b> $money\"}]}");
    String table = TestEnv.read(root, "lib/data/tables/items.dart");
    assertContains(table, "const Constant('it\\'s <b>&\"x\"</b> \\$money')");
  }

  @Test
  void camelCaseNamesSurviveAndMapToSnakeCase() {
    TestEnv env = new TestEnv();
    Path root = env.project(dir.resolve("p"));
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"user_profiles\", \"columns\": [{\"name\": \"firstName\", \"type\": \"text\"}, {\"name\": \"lastLoginAt\", \"type\": \"dateTime\", \"nullable\": true}]}");
    String table = TestEnv.read(root, "lib/data/tables/user_profiles.dart");
    assertContains(table, "class UserProfiles extends Table");
    assertContains(table, "@DataClassName('UserProfile')");
    assertContains(table, "TextColumn get firstName => text().named('first_name')();");
    assertContains(table, "DateTimeColumn get lastLoginAt => dateTime().named('last_login_at').nullable()();");
    assertContains(TestEnv.read(root, "driftsmith.yaml"), "name: firstName");
  }

  @Test
  void tableWithoutPrimaryKeyGetsAutoIncrementIdAndNeverBothAutoIncrementAndPrimaryKeyOverride() {
    TestEnv env = new TestEnv();
    Path root = env.project(dir.resolve("p"));
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"items\", \"columns\": [{\"name\": \"label\", \"type\": \"text\"}]}");
    String table = TestEnv.read(root, "lib/data/tables/items.dart");
    assertContains(table, "IntColumn get id => integer().named('id').autoIncrement()();");
    assertFalse(table.contains("get primaryKey"));
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"codes\", \"columns\": [{\"name\": \"code\", \"type\": \"text\", \"primaryKey\": true}]}");
    String codes = TestEnv.read(root, "lib/data/tables/codes.dart");
    assertContains(codes, "Set<Column> get primaryKey => { code };");
    assertFalse(codes.contains("autoIncrement"));
  }

  @Test
  void newProjectHasEverythingFlutterNeedsAndOpensTheDatabase() {
    TestEnv env = new TestEnv();
    Path root = env.project(dir.resolve("p"));
    Map<String, String> files = TestEnv.files(root);
    for (String f : new String[] {"pubspec.yaml", "lib/main.dart", "web/index.html", "web/manifest.json",
        "analysis_options.yaml", "build.yaml", "driftsmith.yaml", "lib/data/database.dart", "lib/data/connection.dart", "lib/data/README.md"}) {
      assertTrue(files.containsKey(f), f);
    }
    assertContains(files.get("lib/main.dart"), "final database = await openAppDatabase();");
    assertContains(files.get("lib/data/connection.dart"), "driftDatabase(");
    assertContains(files.get("lib/data/connection.dart"), "sqlite3Wasm: Uri.parse('sqlite3.wasm')");
    assertContains(files.get("lib/data/README.md"), "simolus3/sqlite3.dart");
    assertContains(files.get("web/index.html"), "<link rel=\"manifest\" href=\"manifest.json\">");
    assertNotEquals("", files.get("build.yaml"));
  }

  private static FileChange.Status status(ChangeSet changes, String path) {
    return changes.files().stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow().status();
  }

  static int run(String... args) {
    return run(new ByteArrayOutputStream(), args);
  }

  static int run(ByteArrayOutputStream out, String... args) {
    PrintStream original = System.out;
    try (PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      return new CommandLine(new Cli()).execute(args);
    } finally {
      System.setOut(original);
    }
  }
}
