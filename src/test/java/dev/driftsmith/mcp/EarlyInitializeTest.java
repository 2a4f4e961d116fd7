package dev.driftsmith.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftsmith.Driftsmith;
import dev.driftsmith.project.MemoryProjectRegistry;
import dev.driftsmith.tool.ToolRegistry;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.PipedInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The front's own answer to initialize is the line the SDK's server writes, byte for byte. */
class EarlyInitializeTest {
  private static final ToolRegistry TOOLS = Driftsmith.tools(new MemoryProjectRegistry());

  @ParameterizedTest
  @ValueSource(strings = {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2031-01-01", "draft", "a\"b\\c\u0001"})
  void theAnswerIsTheSdksOwnForEveryVersion(String version) throws Exception {
    assertFrontAnswersAsTheSdk("7", version);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"0", "-12", "9223372036854775807", "\"init\"", "\"a\\u0041\\\"\\n\u00e9\"", "\"\""})
  void theAnswerIsTheSdksOwnForEveryKindOfId(String id) throws Exception {
    assertFrontAnswersAsTheSdk(id, "2025-06-18");
  }

  @Test
  void theVersionsAreTheStdioTransportsOwn() {
    StdioServerTransportProvider transport = new StdioServerTransportProvider(McpJsonDefaults.getMapper(),
        new PipedInputStream(), new java.io.ByteArrayOutputStream());
    assertEquals(transport.protocolVersions(), EarlyInitialize.PROTOCOL_VERSIONS);
  }

  private static void assertFrontAnswersAsTheSdk(String id, String version) throws Exception {
    String request = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
        + JsonRpc.quoted(version) + ",\"capabilities\":{\"roots\":{\"listChanged\":true}},\"clientInfo\":{\"name\":\"c\",\"version\":\"1\"}}}";
    PlainMessage plain = PlainMessage.read(request);
    String front = EarlyInitialize.answer(plain.id(), plain.initialize().protocolVersion());
    assertEquals(sdkAnswer(request), front, "the front's answer and the SDK's, for id " + id + " and version " + version);
  }

  /** The line the SDK's stdio server writes in answer to {@code request}, on its own. */
  private static String sdkAnswer(String request) throws Exception {
    return ToolsListAnswer.sdkAnswers(TOOLS, List.of(request)).get(0);
  }
}
