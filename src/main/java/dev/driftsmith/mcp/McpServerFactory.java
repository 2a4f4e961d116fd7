package dev.driftsmith.mcp;

import dev.driftsmith.generate.CallCancelledException;
import dev.driftsmith.generate.CallControl;
import dev.driftsmith.generate.ChangeSet;
import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.tool.Tool;
import dev.driftsmith.tool.ToolRegistry;
import dev.driftsmith.tool.ToolResult;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
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
      + "Tools of a project take projectId, the id from project_create, project_open or project_list. "
      + "Every generating tool returns the change set; dryRun: true returns the diffs and writes nothing; "
      + "force: true overwrites generated files that were edited by hand (otherwise they are refused).";

  static List<SyncToolSpecification> specifications(ToolRegistry registry, InFlightCalls calls) {
    return registry.all().stream().map(tool -> specification(registry, calls, tool)).toList();
  }

  static SyncToolSpecification specification(ToolRegistry registry, InFlightCalls calls, Tool tool) {
    McpSchema.Tool.Builder builder = McpSchema.Tool.builder()
        .name(tool.name())
        .title(tool.title())
        .description(tool.description())
        .inputSchema(tool.inputSchema())
        .annotations(new McpSchema.ToolAnnotations(tool.title(), tool.hints().readOnly(), tool.hints().destructive(),
            tool.hints().idempotent(), tool.hints().openWorld(), null));
    if (tool.returnsChangeSet()) builder.outputSchema(ChangeSet.outputSchema());
    return SyncToolSpecification.builder()
        .tool(builder.build())
        .callHandler((exchange, request) -> call(registry, calls, exchange, request))
        .build();
  }

  /**
   * Runs one tools/call. Returns null for a cancelled call: the SDK then completes the request
   * without a response, as MCP asks of a cancelled request.
   */
  static McpSchema.CallToolResult call(ToolRegistry registry, InFlightCalls calls, McpSyncServerExchange exchange,
                                       McpSchema.CallToolRequest request) {
    InFlightCalls.Call call = calls.find(request.meta());
    CallControl control = new ExchangeControl(call, exchange, progressToken(request));
    try {
      ToolResult result = registry.call(request.name(), Args.of(request.arguments()), control);
      if (call.isCancelled()) return null;
      if (result.structured() instanceof ChangeSet changes) {
        for (var message : CallLog.of(request.name(), changes)) {
          sendQuietly(() -> exchange.loggingNotification(message));
        }
      }
      return McpSchema.CallToolResult.builder()
          .addTextContent(result.summary())
          .structuredContent(Args.JSON.convertValue(result.structured(), Object.class))
          .isError(false)
          .build();
    } catch (CallCancelledException e) {
      return null;
    } catch (ToolException e) {
      if (call.isCancelled()) return null;
      sendQuietly(() -> exchange.loggingNotification(CallLog.refused(request.name(), e.getMessage())));
      return McpSchema.CallToolResult.builder().addTextContent(e.getMessage()).isError(true).build();
    } finally {
      calls.close(call);
    }
  }

  /**
   * Sends a notification, never failing the call for it: a client that went away cannot take a log
   * line or a progress report, and the call's files must still be written or its result returned.
   */
  static void sendQuietly(Runnable send) {
    try {
      send.run();
    } catch (RuntimeException e) {
      System.err.println("driftsmith: could not notify the client: " + e.getMessage());
    }
  }

  private static Object progressToken(McpSchema.CallToolRequest request) {
    return request.meta() == null ? null : request.meta().get("progressToken");
  }

  /** A call's control as MCP sees it: cancelled by notifications/cancelled, progress as notifications/progress. */
  private record ExchangeControl(InFlightCalls.Call call, McpSyncServerExchange exchange, Object progressToken)
      implements CallControl {
    @Override
    public boolean isCancelled() {
      return call.isCancelled();
    }

    @Override
    public void progress(Step step, String detail) {
      // Progress is sent only to a client that asked for it by sending a token with the request.
      if (progressToken == null || call.isCancelled()) return;
      sendQuietly(() -> exchange.progressNotification(new McpSchema.ProgressNotification(progressToken,
          (double) step.number(), (double) Step.total(), detail, null)));
    }
  }
}
