package dev.driftsmith.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.cli.Cli;
import dev.driftsmith.mcp.McpServerFactory;
import dev.driftsmith.project.ManifestIo;
import dev.driftsmith.testing.TestEnv;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
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
    lastVersion = ManifestIo.read(demo).schema().version();
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
        edit("a deleted history step (was written)",
            step(6), "", "  - version: 7\n",
            "schema.history[4].version", "is 7, but the step before it is version 5: the step of version 6 is missing; restore "
                + "it from version control (installed apps at version 5 would skip it, and their databases would never match)"),
        edit("schema.version: 99 (was written)",
            "  version: " + lastVersion + "\n", "  version: 99\n", "  version: 99\n",
            "schema.version", "is 99, but the last step in schema.history is version " + lastVersion + "; set it to "
                + lastVersion + " (the schema version is the version of the last step)"),
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

  /** The text of history step {@code version}, up to the next step. */
  static String step(int version) {
    int start = yaml.indexOf("  - version: " + version + "\n");
    return yaml.substring(start, yaml.indexOf("  - version: " + (version + 1) + "\n", start));
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
    SyncToolSpecification spec = McpServerFactory.specifications(env.tools).stream()
        .filter(s -> s.tool().name().equals(tool)).findFirst().orElseThrow();
    Map<String, Object> accepted = new java.util.HashMap<>(arguments);
    @SuppressWarnings("unchecked")
    Map<String, Object> properties = (Map<String, Object>) env.tools.find(tool).orElseThrow().inputSchema().get("properties");
    accepted.keySet().retainAll(properties.keySet());
    return spec.callHandler().apply(null, new McpSchema.CallToolRequest(tool, accepted));
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
