package dev.driftsmith.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * Makes the SDK's JSON mapper on a background thread, then has it read and write once each kind of
 * message a session starts with. Jackson's first use of a type costs far more than every later one
 * (class initialisation, then a serializer built by reflection per record); done here, that work
 * overlaps the building of the tools and of the server instead of delaying the first
 * {@code tools/call} further. The samples are sent nowhere.
 */
final class JsonWarmUp {
  private JsonWarmUp() {}

  private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
      + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"roots\":{\"listChanged\":true},\"sampling\":{},"
      + "\"elicitation\":{}},\"clientInfo\":{\"name\":\"warm-up\",\"version\":\"1\"}}}";
  private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{"
      + "\"name\":\"project_list\",\"arguments\":{},\"_meta\":{\"progressToken\":\"t\"}}}";

  /** Starts the background thread; the future completes with the mapper as soon as it exists. */
  static Future<McpJsonMapper> start() {
    FutureTask<McpJsonMapper> mapper = new FutureTask<>(McpJsonDefaults::getMapper);
    Thread thread = new Thread(() -> {
      mapper.run();
      try {
        exercise(mapper.get());
      } catch (Exception e) {
        // Only time is lost: the real messages take the same paths.
        System.err.println("driftsmith: JSON warm-up failed: " + e);
      }
    }, "driftsmith-json-warm-up");
    thread.setDaemon(true);
    thread.start();
    return mapper;
  }

  /** The start of a session, as the SDK's transports and server read and write it. */
  static void exercise(McpJsonMapper json) throws IOException {
    McpSchema.JSONRPCRequest initialize = (McpSchema.JSONRPCRequest) McpSchema.deserializeJsonRpcMessage(json, INITIALIZE);
    json.convertValue(initialize.params(), McpSchema.InitializeRequest.class);
    json.writeValueAsString(new McpSchema.JSONRPCResponse("2.0", initialize.id(), new McpSchema.InitializeResult(
        "2025-06-18", McpSchema.ServerCapabilities.builder().tools(false).logging().build(),
        new McpSchema.Implementation("warm-up", "1"), "warm-up"), null));
    McpSchema.deserializeJsonRpcMessage(json, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");

    McpSchema.Tool tool = McpSchema.Tool.builder().name("warm_up").description("warm-up")
        .inputSchema(Map.of("type", "object", "properties", Map.of("a", Map.of("type", "string"))))
        .outputSchema(Map.of("type", "object"))
        .annotations(new McpSchema.ToolAnnotations("warm_up", true, false, true, false, null)).build();
    json.writeValueAsString(new McpSchema.JSONRPCResponse("2.0", 1, new McpSchema.ListToolsResult(List.of(tool), null), null));

    McpSchema.JSONRPCRequest call = (McpSchema.JSONRPCRequest) McpSchema.deserializeJsonRpcMessage(json, CALL);
    json.convertValue(call.params(), McpSchema.CallToolRequest.class);
    json.writeValueAsString(new McpSchema.JSONRPCResponse("2.0", call.id(), McpSchema.CallToolResult.builder()
        .addTextContent("warm-up").structuredContent(Map.of("files", List.of())).isError(false).build(), null));
    json.writeValueAsString(new McpSchema.JSONRPCNotification("2.0", McpSchema.METHOD_NOTIFICATION_MESSAGE,
        new McpSchema.LoggingMessageNotification(McpSchema.LoggingLevel.INFO, "driftsmith", "warm-up")));
  }
}
