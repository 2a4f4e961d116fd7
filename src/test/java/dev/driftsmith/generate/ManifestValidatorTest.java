package dev.driftsmith.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.cli.Cli;
import dev.driftsmith.mcp.McpCalls;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.ManifestFiles;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * A hand edit of driftsmith.yaml that breaks a rule of the tools is refused when the manifest loads,
 * with {@code driftsmith.yaml:LINE: field: problem; fix}: by the CLI's generate, check and schema
 * (exit 2) and by every MCP tool on the project (isError), and nothing on disk changes.
 */
class ManifestValidatorTest {
  @TempDir
  static Path shared;
  static Path demo;
  static String yaml;
  static int lastVersion;

  @TempDir
  Path dir;

  @BeforeAll
  static void buildTheDemoOnce() throws IOException {
    demo = TestEnv.demo(shared.resolve("demo"));
    yaml = TestEnv.read(demo, "driftsmith.yaml");
    lastVersion = ManifestFiles.manifest(demo).schema().version();
  }

  /**
   * The examples. {@code find} is replaced by {@code replace} (first occurrence); the
   * problem is reported on the line of {@code marker} in the edited file.
   */
  static Stream<Arguments> handEdits() {
    return Stream.of(
        edit("a wrong type name (was a NullPointerException)",
            "    - name: title\n      type: text\n", "    - name: title\n      type: txt\n", "      type: txt\n",
            "schema.tables[1].columns[1].type", "'txt' is not accepted; use one of [integer, text, real, blob, boolean, dateTime]"),
        edit("a type given as a number (an enum would read it as the second type, text)",
            "    - name: title\n      type: text\n", "    - name: title\n      type: 1\n", "      type: 1\n",
            "schema.tables[1].columns[1].type", "'1' is not accepted; use one of [integer, text, real, blob, boolean, dateTime]"),
        edit("a key action given as true (was read as the text 'true')",
            "        onDelete: cascade\n", "        onDelete: true\n", "        onDelete: true\n",
            "schema.tables[4].columns[0].references.onDelete", "'true' is not accepted; use one of [cascade, restrict, setNull, setDefault, noAction]"),
        edit("a default of the wrong type (was a ClassCastException)",
            "      type: integer\n      defaultValue: 2\n", "      type: integer\n      defaultValue: high\n", "      defaultValue: high\n",
            "schema.tables[2].columns[4].defaultValue", "must be a whole number for an integer column, got high"),
        edit("a duplicated column (was written)",
            "    - name: title\n      type: text\n    - name: done\n",
            "    - name: title\n      type: text\n    - name: title\n      type: text\n    - name: done\n",
            "    - name: title\n      type: text\n    - name: done\n",
            "schema.tables[2].columns[2].name", "column 'title' is declared twice in table 'todos'"),
        edit("a relation to an unknown table (was written)",
            "    fromColumn: id\n    toTable: todos\n", "    fromColumn: id\n    toTable: todoz\n", "    toTable: todoz\n",
            "schema.relations[0].toTable", "no table 'todoz' in the project; existing tables: [categories, notes, todos, tags, "
                + "todos_tags]. Create it first with drift_add_table"),
        edit("a column name pasted into Dart (was written)",
            "    - name: title\n", "    - name: 'title => text()(); static final pwned = 1;'\n", "    - name: 'title =>",
            "schema.tables[1].columns[1].name", "'title => text()(); static final pwned = 1;' is not lowerCamelCase; column "
                + "names are Dart getters such as 'firstName' (stored as first_name)"),
        edit("a table name that leaves the project (wrote a file at the project root)",
            "  - name: tags\n", "  - name: ../../../x\n", "  - name: ../../../x\n",
            "schema.tables[3].name", "'../../../x' is not snake_case; use lower-case words joined by underscores, e.g. 'x'"));
  }

  static Arguments edit(String what, String find, String replace, String marker, String field, String message) {
    return Arguments.of(what, find, replace, marker, field, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("handEdits")
  void aHandEditIsRefusedAtLoadWithItsLine(String what, String find, String replace, String marker, String field,
                                           String message) throws IOException {
    Path root = copyOfTheDemo();
    TestEnv env = new TestEnv();
    env.call("project_open", "{\"path\": " + TestEnv.quote(root) + "}");
    String edited = yaml.replaceFirst(java.util.regex.Pattern.quote(find), java.util.regex.Matcher.quoteReplacement(replace));
    assertTrue(!edited.equals(yaml), "the edit applies to the demo's manifest");
    Files.writeString(root.resolve("driftsmith.yaml"), edited);
    String expected = "driftsmith.yaml:" + lineOf(edited, marker) + ": " + field + ": " + message;
    Map<String, String> before = TestEnv.files(root);

    for (String command : List.of("generate", "check", "schema")) {
      Run run = cli(command, root.toString());
      assertEquals(2, run.exit(), command + ": " + run.err());
      assertEquals(expected + System.lineSeparator(), run.err(), command);
      assertEquals(before, TestEnv.files(root), command + " changed files");
    }
    for (String tool : List.of("project_generate", "project_check", "project_get", "drift_configure_pagination", "drift_add_table")) {
      McpSchema.CallToolResult result = mcp(env, tool, Map.of("projectId", "notes_demo", "mode", "keyset",
          "name", "extra", "columns", List.of(Map.of("name", "label", "type", "text"))));
      assertEquals(Boolean.TRUE, result.isError(), tool);
      assertEquals(expected, ((McpSchema.TextContent) result.content().get(0)).text(), tool);
      assertEquals(before, TestEnv.files(root), tool + " changed files");
    }
    assertTrue(Files.notExists(root.resolve("x.dart")) && Files.notExists(root.getParent().resolve("x.dart")));
  }

  /**
   * Every part of the manifest is checked with the rules of the tool that writes it. {@code find}
   * is replaced by {@code replace}; the problem is reported on the line of {@code marker}, for
   * {@code field}, with {@code hint} in its message.
   */
  static Stream<Arguments> ruleBreakingEdits() {
    return Stream.of(
        // reading: YAML syntax, keys written twice, unknown fields, wrong kinds of value
        rule("   bad: indent", "  name: app_database\n", "  name: app_database\n   bad: indent\n", "database", "is not valid YAML"),
        rule("  version: " + lastVersion + "\n  tables:", "  version: " + lastVersion + "\n",
            "  version: " + lastVersion + "\n  version: " + lastVersion + "\n", "schema.version", "written twice"),
        rule("uniqe", "      type: text\n      unique: true\n", "      type: text\n      uniqe: true\n",
            "schema.tables[0].columns[1].uniqe", "unknown field; accepted fields are [autoIncrement, defaultValue, name"),
        rule("sixteen", "  version: " + lastVersion + "\n", "  version: sixteen\n", "schema.version", "must be a whole number, got \"sixteen\""),
        rule("    - \n", "    - name: id\n      type: integer\n      primaryKey: true\n      autoIncrement: true\n    - name: name\n",
            "    - \n    - name: name\n", "schema.tables[0].columns[0]", "is an empty entry (a '-' with nothing after it)"),
        rule("  pagination: 5", "  pagination:\n    mode: cursor\n    defaultPageSize: 25\n    maxPageSize: 100\n", "  pagination: 5\n",
            "features.pagination", "must be a mapping of fields, got a number"),
        // the project and the database
        rule("Notes-Demo", "  name: notes_demo\n", "  name: Notes-Demo\n", "project.name", "not a valid Dart package name"),
        rule("themeColor: blue", "    themeColor: \"#3F51B5\"\n", "    themeColor: blue\n", "project.pwa.themeColor", "#RRGGBB"),
        rule("app'", "  name: app_database\n", "  name: \"app'; x\"\n", "database.name", "snake_case"),
        rule("sqlcipher", "    strategy: stored\n", "    strategy: sqlcipher\n", "database.encryption.strategy", "derived"),
        // tables, indexes, references, relations, feature-owned objects
        rule("    columns:\n    - name: label", "  - name: tags\n    columns:\n    - name: id\n      type: integer\n      primaryKey: true\n      autoIncrement: true\n",
            "  - name: tags\n    columns:\n", "schema.tables[3].columns", "has no primary key"),
        rule("      columns:\n      - pinned\n      - nope\n", "      - pinned\n      - updatedAt\n", "      - pinned\n      - nope\n", "schema.tables[1].indexes[0].columns", "no column 'nope'"),
        rule("column: uuid", "        table: categories\n        column: id\n", "        table: categories\n        column: uuid\n",
            "schema.tables[1].columns[5].references.column", "has no column 'uuid'"),
        // a table named like one an enabled feature adds (audit logging's log)
        rule("  - name: audit_log\n", "  - name: tags\n", "  - name: audit_log\n    columns:\n    - name: id\n      type: integer\n"
            + "      primaryKey: true\n      autoIncrement: true\n  - name: tags\n", "schema.tables[3].name",
            "'audit_log' is the project's own table, and the audit log feature adds a table of that name"),
        rule("  - name: categoryTodos\n    type: oneToMany\n    fromTable: categories\n    fromColumn: id\n    toTable: notes",
            "  - name: categoryNotes\n", "  - name: categoryTodos\n", "schema.relations[1].name", "already exists"),
        // a table changed without a schema step (the history's own files: MigrationFilesTest)
        rule("  tables:\n  - name: categories", "    - name: done\n", "    - name: note\n      type: text\n      nullable: true\n    - name: done\n",
            "schema.tables", "replaying the steps gives another schema than a fresh install"),
        // feature configurations
        rule("queryCahce", "  queryCache:\n", "  queryCahce:\n", "features.queryCahce", "is not a feature setting"),
        rule("maxSzie", "    maxSize: 200\n", "    maxSzie: 200\n", "features.queryCache.maxSzie", "unknown field; accepted fields are"),
        rule("    maxSize: 0\n", "    maxSize: 200\n", "    maxSize: 0\n", "features.queryCache.maxSize", "1 to 10000"),
        rule("  pagination:\n", "    maxPageSize: 100\n", "", "features.pagination.maxPageSize", "is required"),
        rule("mode: pages", "    mode: cursor\n", "    mode: pages\n", "features.pagination.mode", "keyset"),
        rule("mode: 2", "    mode: cursor\n", "    mode: 2\n", "features.pagination.mode",
            "'2' is not accepted; use one of [offset, cursor, keyset]"),
        rule("preloadDistance: 500", "    preloadDistance: 5\n", "    preloadDistance: 500\n", "features.lazyLoading.preloadDistance", "0 to 100"),
        rule("    batchSize: 0\n", "    batchSize: 500\n", "    batchSize: 0\n", "features.batchOperations.batchSize", "1 to 5000"),
        rule("    - nope\n  batchOperations", "    - notes\n  batchOperations", "    - nope\n  batchOperations",
            "features.backgroundSync.priorityTables[1]", "no table 'nope'"),
        rule("nope: serverWins", "      categories: serverWins\n", "      nope: serverWins\n",
            "features.conflictResolution.tableStrategies.nope", "no table 'nope'"),
        rule("notes.nope", "      notes.title: clientWins\n", "      notes.nope: clientWins\n",
            "features.conflictResolution.fieldStrategies.notes.nope", "no column 'nope'"),
        rule("maxRetries: 50", "    maxRetries: 5\n", "    maxRetries: 50\n", "features.retryPolicy.maxRetries", "1 to 20"),
        rule("strategy: sometimes", "    strategy: exponentialBackoff\n", "    strategy: sometimes\n", "features.retryPolicy.strategy",
            "'sometimes' is not accepted; use one of [fixed, exponentialBackoff, linearBackoff, fibonacciBackoff]"),
        rule("middle", "    bannerPosition: bottom\n", "    bannerPosition: middle\n", "features.offlineIndicator.bannerPosition", "top"),
        rule("    - nope\n    - todos\n  pagination", "    - notes\n    - todos\n  pagination", "    - nope\n    - todos\n  pagination",
            "features.optimisticUpdates.tables[0]", "no table 'nope'"),
        rule("todos: urgent", "      todos: high\n", "      todos: urgent\n", "features.syncPriority.priorities.todos", "low, normal, high, critical"),
        rule("    bits:", "    trackingStrategy: column-bitmap\n",
            "    trackingStrategy: field-level\n", "features.partialSync[0].bits", "is only for trackingStrategy: column-bitmap"),
        rule("  tables:\n  - name: categories", "  - table: todos\n    strategy: increment\n", "  - table: todos\n    strategy: timestamp\n",
            "schema.tables", "a change to a table or to a feature setting that changes the database needs a schema step"),
        rule("    - fly\n", "    - create\n    - read\n", "    - create\n    - fly\n", "features.repositories[0].operations[1]", "'fly' is not accepted"),
        rule("      - nope\n  lazyLoading", "      - body\n  lazyLoading", "      - nope\n  lazyLoading",
            "features.fullTextSearch.tables[0].searchableColumns[1]", "no column 'nope'"),
        rule("  tables:\n  - name: categories", "    language: english\n", "    language: unicode61\n",
            "schema.tables", "a change to a table or to a feature setting that changes the database needs a schema step"),
        // DAOs: custom queries prepared on SQLite, names and return types that reach Dart
        rule("  - table: tagz\n", "  - table: tags\n", "  - table: tagz\n", "features.daos[2].table", "no table 'tagz'"),
        rule("notez", "SELECT * FROM notes WHERE pinned = 1", "SELECT * FROM notez WHERE pinned = 1",
            "features.daos[1].customMethods[0].query", "does not prepare on SQLite"),
        rule("void x", "    - name: pinnedNotes\n", "    - name: \"pinnedNotes() => null; void x\"\n",
            "features.daos[1].customMethods[0].name", "lowerCamelCase"),
        rule("x() {}", "      returnType: Stream<List<Note>>\n", "      returnType: \"Stream<List<Note>> x() {} //\"\n",
            "features.daos[1].customMethods[0].returnType", "is not supported"),
        rule("      tables:\n      - todos\n      - todos_tags\n", "      - tags\n      - todos\n      - todos_tags\n",
            "      - todos\n      - todos_tags\n", "features.daos[3].customMethods[1].tables", "is [todos, todos_tags], but drift_generate_dao stores [tags, todos, todos_tags] for this query"));
  }

  static Arguments rule(String marker, String find, String replace, String field, String hint) {
    return Arguments.of(field, hint, find, replace, marker);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("ruleBreakingEdits")
  void eachRuleOfTheToolsIsCheckedAtLoad(String field, String hint, String find, String replace, String marker) throws IOException {
    Path root = copyOfTheDemo();
    TestEnv env = new TestEnv();
    env.tools.context().registry().put("notes_demo", root);
    String edited = yaml.replaceFirst(java.util.regex.Pattern.quote(find), java.util.regex.Matcher.quoteReplacement(replace));
    assertTrue(!edited.equals(yaml), "the edit applies to the demo's manifest");
    Files.writeString(root.resolve("driftsmith.yaml"), edited);
    env.assertRefused(root, "project_generate", "{\"projectId\": \"notes_demo\"}",
        "driftsmith.yaml:" + lineOf(edited, marker) + ": " + field, hint);
  }

  @Test
  void everyProblemIsListedByLineTheFirstTenInFull() throws IOException {
    Path root = copyOfTheDemo();
    TestEnv env = new TestEnv();
    env.tools.context().registry().put("notes_demo", root);
    String edited = yaml.replace("      type: integer\n", "      type: int\n").replace("      type: text\n", "      type: txt\n");
    int wrong = (int) edited.lines().filter(l -> l.equals("      type: int") || l.equals("      type: txt")).count();
    Files.writeString(root.resolve("driftsmith.yaml"), edited);

    List<String> lines = env.error("project_generate", "{\"projectId\": \"notes_demo\"}").getMessage().lines().toList();

    assertTrue(wrong > 10, "the edit breaks more than ten columns: " + wrong);
    assertEquals(11, lines.size(), String.join("\n", lines));
    assertEquals("… and " + (wrong - 10) + " more problems", lines.get(10));
    int previous = 0;
    for (String line : lines.subList(0, 10)) {
      Matcher m = Pattern.compile("driftsmith\\.yaml:(\\d+): schema\\.tables\\[\\d]\\.columns\\[\\d]\\.type: '(int|txt)' is not accepted; "
          + "use one of \\[integer, text, real, blob, boolean, dateTime]").matcher(line);
      assertTrue(m.matches(), line);
      assertTrue(Integer.parseInt(m.group(1)) > previous, "in line order: " + line);
      previous = Integer.parseInt(m.group(1));
    }
  }

  private Path copyOfTheDemo() throws IOException {
    Path root = dir.resolve("app");
    try (Stream<Path> walk = Files.walk(demo)) {
      for (Path p : walk.toList()) {
        Path target = root.resolve(demo.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target);
      }
    }
    return root;
  }

  static int lineOf(String text, String marker) {
    int at = text.indexOf(marker);
    assertTrue(at >= 0 && text.indexOf(marker, at + 1) < 0, () -> "marker must occur once: " + marker);
    return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
  }

  /** A tool call as the MCP server handles it, through the handler it registers with the SDK. */
  static McpSchema.CallToolResult mcp(TestEnv env, String tool, Map<String, Object> arguments) {
    Map<String, Object> accepted = new java.util.HashMap<>(arguments);
    @SuppressWarnings("unchecked")
    Map<String, Object> properties = (Map<String, Object>) env.tools.find(tool).orElseThrow().inputSchema().get("properties");
    accepted.keySet().retainAll(properties.keySet());
    return McpCalls.call(env.tools, tool, accepted);
  }

  record Run(int exit, String out, String err) {}

  static Run cli(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    try (PrintStream o = new PrintStream(stdout, true, StandardCharsets.UTF_8);
         PrintStream e = new PrintStream(stderr, true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      System.setErr(e);
      int exit = new CommandLine(new Cli()).execute(args);
      return new Run(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
