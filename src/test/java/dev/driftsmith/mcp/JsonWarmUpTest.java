package dev.driftsmith.mcp;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The warm-up's sample messages are ones the SDK reads and writes; a failed warm-up would only cost time, unseen. */
class JsonWarmUpTest {
  @Test
  void theSampleMessagesGoThroughTheSdksMapper() {
    assertDoesNotThrow(() -> JsonWarmUp.exercise(McpJsonDefaults.getMapper()));
  }

  @Test
  void aProtocolJsonOverTheWarmUpReadsMessagesOnceTheMapperIsMade() throws Exception {
    var mapper = JsonWarmUp.start();
    ProtocolJson json = new ProtocolJson(mapper);
    McpSchema.JSONRPCMessage message = McpSchema.deserializeJsonRpcMessage(json, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}");
    assertEquals(7, ((McpSchema.JSONRPCRequest) message).id());
    mapper.get(10, TimeUnit.SECONDS);
  }
}
