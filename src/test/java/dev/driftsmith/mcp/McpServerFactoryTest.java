package dev.driftsmith.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.input.Args;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.tool.Tool;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** One tools/call through the MCP handler: its progress, its log messages, and silence when cancelled. */
class McpServerFactoryTest {
  @TempDir
  Path tmp;

  private final TestEnv env = new TestEnv();
  private final InFlightCalls calls = new InFlightCalls(env.tools.all().stream().map(Tool::name).collect(Collectors.toSet()));
  private final RecordingSession session = new RecordingSession();
  private final McpSyncServerExchange exchange = new McpSyncServerExchange(new McpAsyncServerExchange("s", session,
      McpSchema.ClientCapabilities.builder().build(), new McpSchema.Implementation("test", "1"), McpTransportContext.EMPTY));

  @Test
  void aCallWithAProgressTokenReportsEachStepAndLogsWhatItWrote() {
    McpSchema.CallToolResult result = call("c1", "project_create",
        Map.of("name", "logged_app", "path", tmp.resolve("logged").toString()), Map.of("progressToken", "tok"));
    assertNotEquals(Boolean.TRUE, result.isError(), result::toString);
    List<McpSchema.ProgressNotification> progress = session.sent("notifications/progress", McpSchema.ProgressNotification.class);
    assertEquals(List.of(3.0, 4.0, 5.0), progress.stream().map(McpSchema.ProgressNotification::progress).toList(),
        "project_create starts from a manifest: rendered, planned, written");
    assertTrue(progress.stream().allMatch(p -> p.progressToken().equals("tok") && p.total() == 5.0), progress::toString);
    assertTrue(progress.get(0).message().startsWith("rendered "), progress::toString);
    List<McpSchema.LoggingMessageNotification> log = session.sent("notifications/message", McpSchema.LoggingMessageNotification.class);
    assertEquals(McpSchema.LoggingLevel.INFO, log.get(0).level());
    assertTrue(log.get(0).data().matches("(?s)project_create: \\d+ created, 0 updated, 0 unchanged, 0 refused, 0 deleted in .*"),
        log.get(0)::data);
    assertTrue(log.get(0).data().contains("\n  created driftsmith.yaml"), log.get(0)::data);
    assertEquals(McpSchema.LoggingLevel.WARNING, log.get(1).level());
    assertTrue(log.get(1).data().contains("Registered as 'logged_app'"), log.get(1)::data);
    assertEquals("driftsmith", log.get(0).logger());
  }

  @Test
  void withoutAProgressTokenNoProgressIsSent() {
    call("c1", "project_list", Map.of(), null);
    assertTrue(session.sent("notifications/progress", Object.class).isEmpty());
    assertTrue(session.sent("notifications/message", Object.class).isEmpty(), "a read-only call writes nothing to log");
  }

  @Test
  void aRefusedCallIsLoggedAsAnError() {
    McpSchema.CallToolResult result = call("c1", "drift_add_table", Map.of("projectId", "nope", "name", "t",
        "columns", List.of()), null);
    assertEquals(Boolean.TRUE, result.isError());
    var log = session.sent("notifications/message", McpSchema.LoggingMessageNotification.class);
    assertEquals(1, log.size());
    assertEquals(McpSchema.LoggingLevel.ERROR, log.get(0).level());
    assertTrue(log.get(0).data().startsWith("drift_add_table: projectId: "), log.get(0)::data);
  }

  @Test
  void aCancelledCallReturnsNoResultAndWritesNothing() {
    Path root = env.project(tmp.resolve("app"));
    Map<String, String> before = TestEnv.files(root);
    ObjectNode request = request("c9", "drift_add_table", Map.of("projectId", "p", "name", "notes",
        "columns", List.of(Map.of("name", "title", "type", "text"))), null);
    String key = calls.open("s", (Inbound.Request) Inbound.read(JsonRpc.text(request))).orElseThrow();
    calls.cancel("s", Args.JSON.getNodeFactory().textNode("c9"));
    McpSchema.CallToolResult result = McpServerFactory.call(env.tools, calls, exchange,
        new McpSchema.CallToolRequest("drift_add_table", arguments(request), Map.of(InFlightCalls.META_KEY, key)));
    assertNull(result, "a cancelled call must get no response");
    assertEquals(before, TestEnv.files(root), "a cancelled call changed files");
    assertTrue(session.sent.isEmpty(), "a cancelled call sends nothing");
    assertEquals(0, calls.size(), "the call was not released");
  }

  private McpSchema.CallToolResult call(String id, String tool, Map<String, Object> arguments, Map<String, Object> meta) {
    Map<String, Object> allMeta = meta == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta);
    ObjectNode request = request(id, tool, arguments, allMeta);
    Inbound.Request read = (Inbound.Request) Inbound.read(JsonRpc.text(request));
    calls.open("s", read).ifPresent(key -> allMeta.put(InFlightCalls.META_KEY, key));
    McpSchema.CallToolResult result = McpServerFactory.call(env.tools, calls, exchange,
        new McpSchema.CallToolRequest(tool, arguments, allMeta));
    assertEquals(0, calls.size(), "the call was not released");
    return result;
  }

  private static ObjectNode request(String id, String tool, Map<String, Object> arguments, Map<String, Object> meta) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("name", tool);
    params.put("arguments", arguments);
    if (meta != null) params.put("_meta", meta);
    return Args.JSON.valueToTree(Map.of("jsonrpc", "2.0", "id", id, "method", "tools/call", "params", params));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> arguments(ObjectNode request) {
    return Args.JSON.convertValue(request.path("params").path("arguments"), Map.class);
  }
}
