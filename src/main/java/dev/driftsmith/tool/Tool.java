package dev.driftsmith.tool;

import dev.driftsmith.input.Args;
import java.util.Map;

/** One MCP tool: its contract (name, title, schema, hints) and the call. */
public interface Tool {
  String name();

  /** A title for people, e.g. "Add a table". */
  String title();

  String description();

  /** The declared parameters: the input schema, the reading and the README's table all come from them. */
  Params params();

  /** JSON Schema of the arguments. */
  Map<String, Object> inputSchema();

  Hints hints();

  /** Tools that return a change set declare its output schema. */
  default boolean returnsChangeSet() {
    return !hints().readOnly();
  }

  ToolResult call(Args args, ToolContext context) throws Exception;
}
