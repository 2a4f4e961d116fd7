package dev.driftsmith.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar on a project whose schema history lost a step (its migration file deleted by
 * hand): the CLI's generate and schema exit 2 and the MCP server answers isError, each naming the
 * missing file with the fix; check exits 1 and lists it; no file changes.
 */
class ManifestValidationIT {
  @TempDir
  Path tmp;

  private McpSyncClient client;
  private final StringBuffer serverStderr = new StringBuffer();

  @AfterEach
  void stopServer() {
    if (client != null) client.closeGracefully();
  }

  @Test
  void aBrokenHistoryIsRefusedByTheCliAndTheServer() {
    assertTimeoutPreemptively(Duration.ofMinutes(5), this::run, () -> "server stderr:\n" + serverStderr);
  }

  private void run() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path app = tmp.resolve("app");
    E2e.Result demo = E2e.run(home, "demo", app.toString());
    assertEquals(0, demo.exitCode(), demo::describe);
    Path step = app.resolve("driftsmith/migrations/0006_relation_category_todos_one_to_many.sql");
    String version = E2e.read(app.resolve("driftsmith.yaml")).replaceFirst("(?s).*\n  version: (\\d+)\n.*", "$1");
    String expected = "driftsmith/migrations/0006_*.sql: missing: driftsmith.yaml is at schema.version " + version + ", so each "
        + "version from 2 to " + version + " needs its file; restore it from version control (installed apps at version 5 would "
        + "skip the step, and their databases would never match)";

    connect(home);
    assertEquals(Boolean.FALSE, call("project_open", Map.of("path", app.toString())).isError(), "the demo opens");
    Files.delete(step);
    Map<String, byte[]> before = E2e.snapshot(app);

    for (String command : List.of("generate", "schema")) {
      E2e.Result result = E2e.run(home, command, app.toString());
      assertEquals(2, result.exitCode(), result::describe);
      assertEquals(expected, result.stderr().strip(), command);
      E2e.assertSameFiles(before, E2e.snapshot(app), command);
    }
    E2e.Result check = E2e.run(home, "check", app.toString());
    assertEquals(1, check.exitCode(), check::describe);
    assertEquals(expected, check.stdout().strip());
    E2e.assertSameFiles(before, E2e.snapshot(app), "check");
    for (var call : List.of(Map.entry("project_open", Map.<String, Object>of("path", app.toString())),
        Map.entry("project_generate", Map.<String, Object>of("projectId", "notes_demo")),
        Map.entry("drift_add_table", Map.<String, Object>of("projectId", "notes_demo", "name", "extra",
            "columns", List.of(Map.of("name", "label", "type", "text")))))) {
      McpSchema.CallToolResult result = call(call.getKey(), call.getValue());
      assertEquals(Boolean.TRUE, result.isError(), call.getKey());
      assertEquals(expected, ((McpSchema.TextContent) result.content().get(0)).text(), call.getKey());
      E2e.assertSameFiles(before, E2e.snapshot(app), call.getKey());
    }
  }

  private void connect(Path home) {
    ServerParameters params = ServerParameters.builder(E2e.java())
        .args("-jar", E2e.jar().toString(), "serve")
        .env(Map.of("DRIFTSMITH_HOME", home.toString()))
        .build();
    StdioClientTransport transport = new StdioClientTransport(params, McpJsonDefaults.getMapper());
    transport.setStdErrorHandler(line -> serverStderr.append(line).append('\n'));
    client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60)).build();
    client.initialize();
  }

  private McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
    return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
  }
}
