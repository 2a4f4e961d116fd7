package dev.driftsmith.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.driftsmith.Driftsmith;
import dev.driftsmith.project.FileProjectRegistry;
import dev.driftsmith.project.MemoryProjectRegistry;
import dev.driftsmith.tool.ToolRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The answer to tools/list the build stores and the front serves is the line the SDK's server
 * writes for this build's tools, byte for byte, in a session of every protocol version and for
 * every kind of id.
 */
class ToolsListAnswerTest {
  private static final ToolRegistry TOOLS = Driftsmith.tools(new MemoryProjectRegistry());

  @ParameterizedTest
  @ValueSource(strings = {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"})
  void theStoredAnswerIsTheSdksForEveryVersion(String version) throws Exception {
    assertEquals(ToolsListAnswer.sdkAnswer(TOOLS, version, "2"), bundled("2"), "tools/list in a " + version + " session");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-3", "\"list\"", "\"a\\\"b\\\\c\\u0001\""})
  void theStoredAnswerIsTheSdksForEveryKindOfId(String id) throws Exception {
    String plainId = PlainMessage.read("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/list\"}").id();
    assertEquals(ToolsListAnswer.sdkAnswer(TOOLS, "2025-06-18", id), bundled(plainId), "tools/list with id " + id);
  }

  @Test
  void theToolsListIsTheSameOverTheRegistryServeUses(@TempDir Path home) throws Exception {
    ToolRegistry served = Driftsmith.tools(new FileProjectRegistry(home));
    assertEquals(ToolsListAnswer.sdkAnswer(served, "2025-06-18", "2"), bundled("2"));
  }

  @Test
  void withoutAStoredAnswerTheSdkAnswers() {
    assertNull(ToolsListAnswer.of(null).answer("1"));
  }

  private static String bundled(String idJson) {
    String answer = ToolsListAnswer.bundled().answer(idJson);
    assertNotNull(answer, "the build stores " + ToolsListAnswer.RESOURCE + " next to ToolsListAnswer (mvn process-classes)");
    return answer;
  }
}
