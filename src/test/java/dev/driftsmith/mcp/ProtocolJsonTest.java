package dev.driftsmith.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.driftsmith.input.Args;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ProtocolJsonTest {
  private final ProtocolJson json = new ProtocolJson(McpJsonDefaults.getMapper());

  @Test
  void anExceptionIsWrittenAsAJsonRpcErrorWithoutItsStackTrace() throws Exception {
    String body = json.writeValueAsString(McpError.builder(-32603).message("Session not found: x").build());
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32603,\"message\":\"Session not found: x\"}}", body);
    String other = json.writeValueAsString(new IllegalStateException("secret internals"));
    assertFalse(other.contains("secret") || other.contains("stackTrace"), other);
    assertEquals(-32603, Args.JSON.readTree(other).path("error").path("code").asInt());
  }

  @Test
  void anUnknownToolIsNamedInTheAnswer() throws Exception {
    var sdkAnswer = McpSchema.JSONRPCResponse.error(4, new McpSchema.JSONRPCResponse.JSONRPCError(-32602,
        "Unknown tool: invalid_tool_name", "Tool not found: drift_frobnicate"));
    JsonNode answer = Args.JSON.readTree(json.writeValueAsString(sdkAnswer));
    assertEquals(4, answer.path("id").asInt());
    assertEquals(-32602, answer.path("error").path("code").asInt());
    assertEquals("no tool named 'drift_frobnicate'; see tools/list", answer.path("error").path("message").asString());
  }

  @Test
  void otherMessagesAreWrittenAsTheSdkWouldWriteThem() throws Exception {
    var response = McpSchema.JSONRPCResponse.error(5, new McpSchema.JSONRPCResponse.JSONRPCError(-32602, "bad", null));
    assertEquals(McpJsonDefaults.getMapper().writeValueAsString(response), json.writeValueAsString(response));
  }
}
