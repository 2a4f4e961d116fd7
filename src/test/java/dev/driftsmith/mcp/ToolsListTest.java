package dev.driftsmith.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.Driftsmith;
import dev.driftsmith.input.Args;
import dev.driftsmith.project.MemoryProjectRegistry;
import dev.driftsmith.tool.ToolRegistry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * tools/list as the server sends it over stdio. Every assistant reads it into its context before
 * the first call, so its bytes are a cost paid in every session; it also carries each tool's title
 * and the schema keywords the declarations produce.
 */
class ToolsListTest {
  /** At most this many bytes per tool on average, schemas included. */
  static final int BUDGET_PER_TOOL = 1_000;

  @Test
  void toolsListStaysWithinItsBudgetPerTool() throws Exception {
    String answer = toolsListAsSent();
    JsonNode tools = Args.JSON.readTree(answer).path("result").path("tools");
    ToolRegistry registry = Driftsmith.tools(new MemoryProjectRegistry());
    assertEquals(registry.all().size(), tools.size(), "tools/list lists every tool");
    int bytes = answer.getBytes(StandardCharsets.UTF_8).length;
    int perTool = bytes / tools.size();
    System.out.println("tools/list: " + bytes + " bytes for " + tools.size() + " tools, " + perTool + " per tool");
    assertTrue(perTool <= BUDGET_PER_TOOL, () -> "tools/list sends " + bytes + " bytes for " + tools.size() + " tools, "
        + perTool + " per tool; the budget is " + BUDGET_PER_TOOL + ". Shorten descriptions, or share schema parts");
  }

  @Test
  void everyToolHasATitleForPeopleInBothPlacesMcpReadsIt() throws Exception {
    for (JsonNode tool : Args.JSON.readTree(toolsListAsSent()).path("result").path("tools")) {
      String name = tool.path("name").asString();
      String title = tool.path("title").asString("");
      assertFalse(title.isBlank(), name + " has a title");
      assertNotEquals(name, title, name + ": the title is for people, not the tool's name again");
      assertEquals(title, tool.path("annotations").path("title").asString(), name + ": annotations.title");
    }
  }

  @Test
  void schemaKeywordsCarryRangesAndDefaultsAndDefaultValueIsTyped() throws Exception {
    JsonNode tools = Args.JSON.readTree(toolsListAsSent()).path("result").path("tools");
    JsonNode pageSize = find(tools, "drift_configure_pagination").path("inputSchema").path("properties").path("defaultPageSize");
    assertEquals(5, pageSize.path("minimum").asInt());
    assertEquals(200, pageSize.path("maximum").asInt());
    assertEquals(20, pageSize.path("default").asInt());
    JsonNode defaultValue = find(tools, "drift_add_table").path("inputSchema").path("properties").path("columns")
        .path("items").path("properties").path("defaultValue");
    assertEquals("[\"string\",\"number\",\"boolean\"]", defaultValue.path("type").toString());
  }

  private static JsonNode find(JsonNode tools, String name) {
    for (JsonNode tool : tools) if (tool.path("name").asString().equals(name)) return tool;
    throw new AssertionError("no tool " + name);
  }

  /** The server's answer to tools/list, the line its SDK writes to stdout. */
  static String toolsListAsSent() throws Exception {
    return ToolsListAnswer.sdkAnswer(Driftsmith.tools(new MemoryProjectRegistry()), "2025-06-18", "2");
  }
}
