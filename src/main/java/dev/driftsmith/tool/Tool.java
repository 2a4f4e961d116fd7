package dev.driftsmith.tool;

import dev.driftsmith.input.Args;
import java.util.Map;

/** One MCP tool: its contract (name, schema, hints) and the call. */
public interface Tool {
  String name();

  String description();

  /** JSON Schema of the arguments. */
  Map<String, Object> inputSchema();

  Hints hints();

  /** Tools that return a change set declare its output schema. */
  default boolean returnsChangeSet() {
    return !hints().readOnly();
  }

  ToolResult call(Args args, ToolContext context) throws Exception;
}
