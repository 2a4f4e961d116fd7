package dev.driftsmith.tool;

import java.util.List;

/**
 * A feature's MCP tools. Features implement it beside {@link dev.driftsmith.generate.Feature}, so
 * the generator, which only renders, never learns about tools.
 */
public interface ToolProvider {
  List<Tool> tools();
}
