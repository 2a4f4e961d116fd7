package dev.driftsmith.mcp;

import dev.driftsmith.tool.Tool;
import dev.driftsmith.tool.ToolRegistry;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.stream.Collectors;

/** A tools/call as the MCP server handles it, through the handler it registers with the SDK, for tests of other packages. */
public final class McpCalls {
  private McpCalls() {}

  public static McpSchema.CallToolResult call(ToolRegistry registry, String tool, Map<String, Object> arguments) {
    InFlightCalls calls = new InFlightCalls(registry.all().stream().map(Tool::name).collect(Collectors.toSet()));
    McpSyncServerExchange exchange = new McpSyncServerExchange(new McpAsyncServerExchange("s", new RecordingSession(),
        McpSchema.ClientCapabilities.builder().build(), new McpSchema.Implementation("test", "1"), McpTransportContext.EMPTY));
    return McpServerFactory.call(registry, calls, exchange, new McpSchema.CallToolRequest(tool, arguments, Map.of()));
  }
}
