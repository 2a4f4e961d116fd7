package dev.driftsmith.feature.core;

import static dev.driftsmith.tool.FeatureTool.PROJECT_ID;

import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.PlainTool;
import dev.driftsmith.tool.ToolContext;
import dev.driftsmith.tool.ToolResult;
import dev.driftsmith.tool.Values;
import java.nio.file.Path;
import java.util.Map;

/** project_check: generated files that are missing, stale, edited or no longer produced. */
final class ProjectCheckTool extends PlainTool {
  static final About ABOUT = new About("project_check", "Check generated files",
      "Report generated files that are missing, stale or edited by hand. Writes nothing.", Hints.READ_ONLY);

  ProjectCheckTool() {
    super(ABOUT, PROJECT_ID);
  }

  @Override
  protected ToolResult run(Values v, ToolContext ctx) throws Exception {
    String id = v.get(PROJECT_ID);
    Path root = ctx.projects().root(id);
    var problems = ctx.projects().check(root);
    StringBuilder text = new StringBuilder(problems.isEmpty() ? "All generated files match driftsmith.yaml."
        : problems.size() + " generated file(s) do not match driftsmith.yaml:");
    problems.forEach(p -> text.append("\n  ").append(p.path()).append(": ").append(p.problem()));
    return new ToolResult(text.toString(), Map.of("projectId", id, "ok", problems.isEmpty(), "problems", problems));
  }
}
