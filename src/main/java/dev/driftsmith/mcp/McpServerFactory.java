package dev.driftsmith.mcp;

import dev.driftsmith.generate.ChangeSet;
import dev.driftsmith.tool.Args;
import dev.driftsmith.tool.Tool;
import dev.driftsmith.tool.ToolException;
import dev.driftsmith.tool.ToolRegistry;
import dev.driftsmith.tool.ToolResult;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;

/** Maps our tools onto MCP tool specifications. Thin: all behaviour lives in the tools. */
public final class McpServerFactory {
  private McpServerFactory() {}

  public static final String SERVER_NAME = "driftsmith";
  public static final String VERSION = "0.1.0";
  public static final String INSTRUCTIONS = "Driftsmith writes drift (SQLite) data layers into Flutter projects. "
      + "Start with project_create (new app) or project_open (existing app), add tables with drift_add_table, "
      + "relations with drift_add_relation, DAOs with drift_generate_dao, then drift_run_codegen. "
      + "Every generating tool returns the change set; pass dryRun: true to see diffs first.";

  public static List<SyncToolSpecification> specifications(ToolRegistry registry) {
    return registry.all().stream().map(tool -> specification(registry, tool)).toList();
  }

  static SyncToolSpecification specification(ToolRegistry registry, Tool tool) {
    McpSchema.Tool.Builder builder = McpSchema.Tool.builder()
        .name(tool.name())
        .description(tool.description())
        .inputSchema(tool.inputSchema())
        .annotations(new McpSchema.ToolAnnotations(tool.name(), tool.hints().readOnly(), tool.hints().destructive(),
            tool.hints().idempotent(), tool.hints().openWorld(), null));
    if (tool.returnsChangeSet()) builder.outputSchema(ChangeSet.outputSchema());
    return SyncToolSpecification.builder()
        .tool(builder.build())
        .callHandler((exchange, request) -> call(registry, tool.name(), request))
        .build();
  }

  static McpSchema.CallToolResult call(ToolRegistry registry, String name, McpSchema.CallToolRequest request) {
    try {
      ToolResult result = registry.call(name, Args.of(request.arguments()));
      return McpSchema.CallToolResult.builder()
          .addTextContent(result.summary())
          .structuredContent(Args.JSON.convertValue(result.structured(), Object.class))
          .isError(false)
          .build();
    } catch (ToolException e) {
      return McpSchema.CallToolResult.builder().addTextContent(e.getMessage()).isError(true).build();
    }
  }
}
