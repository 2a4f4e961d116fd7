package dev.driftsmith.e2e;

import static dev.driftsmith.e2e.E2e.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.driftsmith.Driftsmith;
import dev.driftsmith.project.MemoryProjectRegistry;
import dev.driftsmith.tool.FeatureTool;
import dev.driftsmith.tool.Tool;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The packaged jar driven over stdio by the MCP Java SDK client: the tool contract (descriptions,
 * schemas, annotations, output schemas), a realistic session that builds a data layer, a refused call
 * that changes nothing, and the server's exit when the client goes away.
 */
class StdioEndToEndIT {
  /** Every tool the application registers (each feature's, and the codegen runner): all of them must be listed. */
  static final List<Tool> REGISTERED = List.copyOf(Driftsmith.tools(new MemoryProjectRegistry()).all());

  static final Set<String> ALL_TOOLS = REGISTERED.stream().map(Tool::name).collect(Collectors.toUnmodifiableSet());

  /**
   * Tools that write files, each of which must declare the change-set outputSchema: every tool that
   * changes a project's manifest and regenerates (a feature's tools), and the two core tools that
   * write a project's files without changing it.
   */
  static final Set<String> GENERATING = union(Set.of("project_create", "project_generate"),
      REGISTERED.stream().filter(FeatureTool.class::isInstance).map(Tool::name).collect(Collectors.toSet()));

  static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new java.util.TreeSet<>(a);
    out.addAll(b);
    return Set.copyOf(out);
  }

  static final Set<String> READ_ONLY = Set.of("project_list", "project_get", "project_check", "template_list",
      "template_preview");

  @TempDir
  Path tmp;

  private McpSyncClient client;
  private ProcessHandle server;
  private final StringBuffer serverStderr = new StringBuffer();

  @AfterEach
  void stopServer() {
    if (client != null) {
      try {
        client.close();
      } catch (RuntimeException ignored) {
        // already closed
      }
    }
    E2e.destroy(server);
  }

  @Test
  void sessionOverStdio() {
    assertTimeoutPreemptively(Duration.ofMinutes(4), this::session,
        () -> "stdio session did not finish in time; server stderr:\n" + serverStderr);
  }

  private void session() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path app = tmp.resolve("e2e_app");

    Set<Long> before = E2e.childPids();
    ServerParameters params = ServerParameters.builder(E2e.java())
        .args("-jar", E2e.jar().toString(), "serve")
        .env(Map.of("DRIFTSMITH_HOME", home.toString()))
        .build();
    StdioClientTransport transport = new StdioClientTransport(params, McpJsonDefaults.getMapper());
    transport.setStdErrorHandler(line -> serverStderr.append(line).append('\n'));
    client = McpClient.sync(transport)
        .requestTimeout(Duration.ofSeconds(60))
        .initializationTimeout(Duration.ofSeconds(60))
        .build();

    // initialize
    McpSchema.InitializeResult init = client.initialize();
    assertEquals("driftsmith", init.serverInfo().name());
    assertNotNull(init.capabilities().tools(), "server must announce the tools capability");
    assertNotNull(init.instructions());
    assertContains(init.instructions(), "project_create");
    server = ProcessHandle.current().children().filter(p -> !before.contains(p.pid()))
        .filter(p -> p.info().commandLine().map(c -> c.contains("driftsmith")).orElse(true))
        .findFirst().orElse(null);
    assertNotNull(server, "could not find the spawned server process among this JVM's children");

    // tools/list: the contract of every tool
    Map<String, McpSchema.Tool> tools = listTools();
    assertEquals(new java.util.TreeSet<>(ALL_TOOLS), new java.util.TreeSet<>(tools.keySet()), "the tools the server lists");
    for (McpSchema.Tool tool : tools.values()) {
      String name = tool.name();
      assertNotNull(tool.description(), name + ": description");
      assertFalse(tool.description().isBlank(), name + ": description is blank");
      assertNotNull(tool.inputSchema(), name + ": inputSchema");
      assertEquals("object", tool.inputSchema().get("type"), name + ": inputSchema.type");
      McpSchema.ToolAnnotations a = tool.annotations();
      assertNotNull(a, name + ": annotations");
      assertNotNull(a.readOnlyHint(), name + ": readOnlyHint");
      assertNotNull(a.destructiveHint(), name + ": destructiveHint");
      assertNotNull(a.idempotentHint(), name + ": idempotentHint");
      assertNotNull(a.openWorldHint(), name + ": openWorldHint");
      assertEquals(false, a.openWorldHint(), name + ": tools only touch the project folder");
      if (READ_ONLY.contains(name)) assertEquals(true, a.readOnlyHint(), name + ": writes nothing, so readOnlyHint");
      if (GENERATING.contains(name)) {
        assertNotNull(tool.outputSchema(), name + ": a generating tool declares its outputSchema");
        assertEquals("object", tool.outputSchema().get("type"), name + ": outputSchema.type");
        assertFalse(a.readOnlyHint(), name + ": writes files, so it is not read-only");
      }
    }
    // The parameter names used below, read from the declared schemas (not assumed).
    assertProperties(tools.get("project_create"), List.of("name", "path"), "name", "path", "id");
    assertProperties(tools.get("drift_add_table"), List.of("projectId", "name", "columns"),
        "projectId", "name", "columns", "timestamps", "softDelete", "indexes", "dryRun", "force");
    assertProperties(tools.get("drift_add_relation"),
        List.of("projectId", "name", "type", "fromTable", "fromColumn", "toTable", "toColumn"),
        "throughTable", "onDelete");
    assertProperties(tools.get("drift_generate_dao"), List.of("projectId", "tableName"), "customMethods");

    // project_create
    Map<String, Object> created = ok("project_create", Map.of("name", "e2e_app", "path", app.toString()), app);
    assertEquals("e2e_app", created.get("projectId"));
    assertEquals(app.toString(), created.get("root"));
    assertEquals(1, ((Number) created.get("schemaVersion")).intValue());
    assertStatus(created, "driftsmith.yaml", "created");
    assertStatus(created, "pubspec.yaml", "created");
    assertStatus(created, "lib/data/database.dart", "created");

    // three tables
    Map<String, Object> authors = ok("drift_add_table", Map.of("projectId", "e2e_app", "name", "authors",
        "columns", List.of(Map.of("name", "name", "type", "text")),
        "timestamps", true), app);
    assertStatus(authors, "lib/data/tables/authors.dart", "created");
    assertStatus(authors, "driftsmith.yaml", "updated");
    assertStatus(authors, "lib/data/database.dart", "updated");
    assertEquals(2, version(authors));

    Map<String, Object> books = ok("drift_add_table", Map.of("projectId", "e2e_app", "name", "books",
        "columns", List.of(
            Map.of("name", "title", "type", "text"),
            Map.of("name", "authorId", "type", "integer",
                "references", Map.of("table", "authors", "column", "id", "onDelete", "cascade"))),
        "indexes", List.of(Map.of("name", "books_author_idx", "columns", List.of("authorId")))), app);
    assertStatus(books, "lib/data/tables/books.dart", "created");
    assertEquals(3, version(books));

    Map<String, Object> shelves = ok("drift_add_table", Map.of("projectId", "e2e_app", "name", "shelves",
        "columns", List.of(Map.of("name", "label", "type", "text", "unique", true))), app);
    assertStatus(shelves, "lib/data/tables/shelves.dart", "created");
    assertEquals(4, version(shelves));

    // a many-to-many relation: junction table books_shelves
    Map<String, Object> relation = ok("drift_add_relation", Map.of("projectId", "e2e_app", "name", "bookShelves",
        "type", "manyToMany", "fromTable", "books", "fromColumn", "id", "toTable", "shelves", "toColumn", "id"), app);
    assertStatus(relation, "lib/data/tables/books_shelves.dart", "created");
    assertEquals(5, version(relation));

    // a DAO with one custom query
    Map<String, Object> dao = ok("drift_generate_dao", Map.of("projectId", "e2e_app", "tableName", "books",
        "customMethods", List.of(Map.of("name", "byAuthor", "returnType", "List<Book>",
            "parameters", List.of(Map.of("name", "authorId", "type", "int")),
            "query", "SELECT * FROM books WHERE author_id = ? ORDER BY title"))), app);
    assertStatus(dao, "lib/data/daos/books_dao.dart", "created");
    assertEquals(5, version(dao), "a DAO is no schema change");

    // values offline-flutter-pwa-builder's schemas allow pass the declared schemas (the SDK validates them first)
    Map<String, Object> compression = ok("drift_configure_data_compression",
        Map.of("projectId", "e2e_app", "enabled", true, "level", "high"), app);
    assertStatus(compression, "lib/data/compression/data_compression.dart", "created");
    assertContains(E2e.read(app.resolve("lib/data/compression/data_compression.dart")), "this.level = 9,");
    Map<String, Object> batches = ok("drift_configure_batch_operations",
        Map.of("projectId", "e2e_app", "batchSize", 100, "useTransaction", true, "delayBetweenBatchesMs", 50), app);
    assertStatus(batches, "lib/data/batch/batch_writer.dart", "created");

    // what landed on disk
    for (String table : List.of("authors", "books", "shelves", "books_shelves")) {
      assertTrue(Files.isRegularFile(app.resolve("lib/data/tables/" + table + ".dart")), table + ".dart");
    }
    assertContains(E2e.read(app.resolve("lib/data/tables/books.dart")), "class Books extends Table");
    assertContains(E2e.read(app.resolve("lib/data/tables/books.dart")), "references(Authors, #id");
    String booksDao = E2e.read(app.resolve("lib/data/daos/books_dao.dart"));
    assertContains(booksDao, "@DriftAccessor");
    assertContains(booksDao, "class BooksDao");
    assertContains(booksDao, "byAuthor(int authorId)");
    String database = E2e.read(app.resolve("lib/data/database.dart"));
    for (String cls : List.of("Authors", "Books", "Shelves", "BooksShelves")) {
      assertTrue(database.matches("(?s).*@DriftDatabase\\(\\s*tables: \\[[^\\]]*\\b" + cls + "\\b.*"),
          () -> "database.dart must register " + cls + ":\n" + database);
    }
    assertContains(database, "BooksDao");
    assertContains(database, "int get schemaVersion => 5;");
    JsonNode manifest = new YAMLMapper().readTree(E2e.read(app.resolve("driftsmith.yaml")));
    List<String> manifestTables = new ArrayList<>();
    manifest.path("schema").path("tables").forEach(t -> manifestTables.add(t.path("name").asString()));
    assertEquals(List.of("authors", "books", "shelves", "books_shelves"), manifestTables);
    assertEquals(5, manifest.path("schema").path("version").asInt());
    assertEquals("bookShelves", manifest.path("schema").path("relations").path(0).path("name").asString());
    String pubspec = E2e.read(app.resolve("pubspec.yaml"));
    assertTrue(pubspec.matches("(?s).*\\n\\s+drift:.*"), () -> "pubspec.yaml depends on drift:\n" + pubspec);
    assertContains(pubspec, "name: e2e_app");

    // read-only tools agree with the disk
    McpSchema.CallToolResult check = call("project_check", Map.of("projectId", "e2e_app"));
    assertNotEquals(Boolean.TRUE, check.isError(), () -> text(check));
    assertEquals(Boolean.TRUE, structured(check).get("ok"), () -> text(check));
    McpSchema.CallToolResult list = call("project_list", Map.of());
    assertNotEquals(Boolean.TRUE, list.isError(), () -> text(list));
    assertContains(text(list), "e2e_app");
    assertContains(E2e.read(home.resolve("projects.yaml")), "e2e_app");

    // refused calls: isError, the message starts with the field, nothing on disk changes
    byte[] manifestBytes = Files.readAllBytes(app.resolve("driftsmith.yaml"));
    Map<String, byte[]> beforeBad = E2e.snapshot(app);
    McpSchema.CallToolResult badName = call("drift_add_table", Map.of("projectId", "e2e_app", "name", "BadName",
        "columns", List.of(Map.of("name", "title", "type", "text"))));
    assertEquals(Boolean.TRUE, badName.isError(), () -> "expected an error, got " + badName);
    assertNamesField(text(badName), "name", "/name");
    McpSchema.CallToolResult badType = call("drift_add_table", Map.of("projectId", "e2e_app", "name", "pens",
        "columns", List.of(Map.of("name", "label", "type", "text"), Map.of("name", "ink", "type", "varchar"))));
    assertEquals(Boolean.TRUE, badType.isError(), () -> "expected an error, got " + badType);
    assertNamesField(text(badType), "columns[1].type", "/columns/1/type");
    McpSchema.CallToolResult badDao = call("drift_generate_dao", Map.of("projectId", "e2e_app", "tableName", "books",
        "customMethods", List.of(Map.of("name", "broken", "returnType", "List<Book>",
            "query", "SELECT * FROM no_such_table"))));
    assertEquals(Boolean.TRUE, badDao.isError(), () -> "expected an error, got " + badDao);
    assertTrue(text(badDao).startsWith("customMethods[0].query: "), () -> "message must start with the field: " + text(badDao));
    assertArrayEquals(manifestBytes, Files.readAllBytes(app.resolve("driftsmith.yaml")), "driftsmith.yaml changed");
    E2e.assertSameFiles(beforeBad, E2e.snapshot(app), "refused calls");

    // the session is still usable after errors
    assertNotNull(client.ping());

    // project_delete unregisters but leaves every file in place
    Map<String, byte[]> beforeDelete = E2e.snapshot(app);
    McpSchema.CallToolResult deleted = call("project_delete", Map.of("projectId", "e2e_app"));
    assertNotEquals(Boolean.TRUE, deleted.isError(), () -> text(deleted));
    E2e.assertSameFiles(beforeDelete, E2e.snapshot(app), "project_delete");
    McpSchema.CallToolResult afterDelete = call("project_list", Map.of());
    assertFalse(text(afterDelete).contains("e2e_app"), () -> text(afterDelete));

    // closing the client ends the server process
    ProcessHandle serverProcess = server;
    assertTrue(client.closeGracefully(), "client did not close gracefully");
    client = null;
    try {
      serverProcess.onExit().get(E2e.EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      fail("server process " + serverProcess.pid() + " still alive " + E2e.EXIT_TIMEOUT + " after the client closed");
    }
    assertFalse(serverProcess.isAlive());
    assertFalse(serverStderr.toString().contains("Exception in thread"), () -> "server stderr:\n" + serverStderr);
  }

  /**
   * A refusal names the field: Driftsmith's own checks start the message with it ({@code columns[1].type: ...});
   * arguments that break the declared inputSchema are refused earlier by the SDK's schema validation, whose
   * message names the field as a JSON pointer ({@code /columns/1/type: ...}).
   */
  private static void assertNamesField(String message, String field, String pointer) {
    assertTrue(message.startsWith(field + ": ") || message.contains(pointer + ":"),
        () -> "message must name the field " + field + ": " + message);
  }

  private Map<String, McpSchema.Tool> listTools() {
    Map<String, McpSchema.Tool> tools = new LinkedHashMap<>();
    String cursor = null;
    do {
      McpSchema.ListToolsResult page = cursor == null ? client.listTools() : client.listTools(cursor);
      page.tools().forEach(t -> assertEquals(null, tools.put(t.name(), t), "tool listed twice: " + t.name()));
      cursor = page.nextCursor();
    } while (cursor != null);
    return tools;
  }

  @SuppressWarnings("unchecked")
  private static void assertProperties(McpSchema.Tool tool, List<String> required, String... optional) {
    Map<String, Object> properties = (Map<String, Object>) tool.inputSchema().get("properties");
    assertNotNull(properties, tool.name() + ": inputSchema.properties");
    List<String> declaredRequired = (List<String>) tool.inputSchema().get("required");
    assertNotNull(declaredRequired, tool.name() + ": inputSchema.required");
    for (String r : required) {
      assertTrue(properties.containsKey(r), tool.name() + " has no parameter " + r + ": " + properties.keySet());
      assertTrue(declaredRequired.contains(r), tool.name() + ": " + r + " should be required: " + declaredRequired);
    }
    for (String o : optional) {
      assertTrue(properties.containsKey(o), tool.name() + " has no parameter " + o + ": " + properties.keySet());
    }
  }

  private McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
    return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
  }

  /**
   * Calls a generating tool, asserts success, and checks that the change set lists its files, that the
   * text names every written file, and that those files exist in {@code root}.
   */
  private Map<String, Object> ok(String tool, Map<String, Object> arguments, Path root) {
    McpSchema.CallToolResult result = call(tool, arguments);
    assertNotEquals(Boolean.TRUE, result.isError(), () -> tool + " failed: " + text(result) + "\nstderr:\n" + serverStderr);
    Map<String, Object> changes = structured(result);
    List<Map<String, Object>> files = files(changes);
    assertFalse(files.isEmpty(), tool + ": change set lists no files");
    String text = text(result);
    int written = 0;
    for (Map<String, Object> f : files) {
      String path = (String) f.get("path");
      String status = (String) f.get("status");
      assertNotNull(path, tool + ": file without path");
      assertTrue(Set.of("created", "updated", "unchanged").contains(status), () -> tool + ": " + path + " is " + status);
      assertTrue(Files.isRegularFile(root.resolve(path)), () -> tool + ": " + path + " listed but missing on disk");
      if (!status.equals("unchanged")) {
        written++;
        assertContains(text, status + " " + path);
      }
    }
    assertTrue(written > 0, tool + " wrote nothing");
    return changes;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> structured(McpSchema.CallToolResult result) {
    return assertInstanceOf(Map.class, result.structuredContent(), "structuredContent");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> files(Map<String, Object> changes) {
    return (List<Map<String, Object>>) assertInstanceOf(List.class, changes.get("files"), "files");
  }

  private static int version(Map<String, Object> changes) {
    return ((Number) changes.get("schemaVersion")).intValue();
  }

  private static void assertStatus(Map<String, Object> changes, String path, String status) {
    Map<String, String> byPath = files(changes).stream()
        .collect(Collectors.toMap(f -> (String) f.get("path"), f -> (String) f.get("status")));
    assertEquals(status, byPath.get(path), () -> path + " in " + byPath);
  }

  private static String text(McpSchema.CallToolResult result) {
    StringBuilder sb = new StringBuilder();
    for (McpSchema.Content c : result.content()) {
      if (c instanceof McpSchema.TextContent t) sb.append(t.text());
    }
    return sb.toString();
  }
}
