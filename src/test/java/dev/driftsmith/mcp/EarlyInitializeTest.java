package dev.driftsmith.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.driftsmith.input.Args;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The front's own answer to initialize is the one the SDK's server gives, for every protocol version. */
class EarlyInitializeTest {
  @ParameterizedTest
  @ValueSource(strings = {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2031-01-01", "draft"})
  void theAnswerIsTheSdksOwn(String version) throws Exception {
    String request = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
        + version + "\",\"capabilities\":{\"roots\":{\"listChanged\":true}},\"clientInfo\":{\"name\":\"c\",\"version\":\"1\"}}}";
    Inbound.Request parsed = (Inbound.Request) Inbound.read(request);
    assertEquals(sdkAnswer(request), EarlyInitialize.answer(parsed), "the front's answer and the SDK's, for " + version);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "{\"protocolVersion\":5}", "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":[]}",
      "{\"protocolVersion\":\"2025-06-18\",\"clientInfo\":\"me\"}"})
  void paramsTheSdkMightNotReadAreLeftToTheSdk(String params) {
    Inbound.Request parsed = (Inbound.Request) Inbound.read(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":" + params + "}");
    assertNull(EarlyInitialize.answer(parsed), params);
  }

  @Test
  void theVersionsAreTheStdioTransportsOwn() {
    StdioServerTransportProvider transport = new StdioServerTransportProvider(McpJsonDefaults.getMapper(),
        new PipedInputStream(), new java.io.ByteArrayOutputStream());
    assertEquals(transport.protocolVersions(), EarlyInitialize.PROTOCOL_VERSIONS);
  }

  /** What the SDK's stdio server answers to {@code request}, on its own. */
  private static JsonNode sdkAnswer(String request) throws Exception {
    McpJsonMapper json = new ProtocolJson(McpJsonDefaults.getMapper());
    PipedInputStream serverIn = new PipedInputStream(1 << 16);
    PipedOutputStream client = new PipedOutputStream(serverIn);
    PipedInputStream clientIn = new PipedInputStream(1 << 20);
    PipedOutputStream serverOut = new PipedOutputStream(clientIn);
    StdioServerTransportProvider transport = new StdioServerTransportProvider(json, serverIn, serverOut, 1 << 20);
    McpSyncServer server = Servers.configure(McpServer.sync(transport), json).build();
    try (BufferedReader answers = new BufferedReader(new InputStreamReader(clientIn, StandardCharsets.UTF_8))) {
      client.write((request + "\n").getBytes(StandardCharsets.UTF_8));
      client.flush();
      return (ObjectNode) Args.JSON.readTree(answers.readLine());
    } finally {
      client.close();
      server.closeGracefully();
    }
  }
}
