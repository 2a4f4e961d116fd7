package dev.driftsmith.feature.core;

import static dev.driftsmith.tool.FeatureTool.DRY_RUN;
import static dev.driftsmith.tool.FeatureTool.FORCE;
import static dev.driftsmith.tool.FeatureTool.PROJECT_ID;

import dev.driftsmith.generate.ChangeSet;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.PlainTool;
import dev.driftsmith.tool.ResultText;
import dev.driftsmith.tool.ToolContext;
import dev.driftsmith.tool.ToolResult;
import dev.driftsmith.tool.Values;

/** project_generate: every file again from driftsmith.yaml, after it was edited by hand. */
final class ProjectGenerateTool extends PlainTool {
  static final About ABOUT = new About("project_generate", "Regenerate a project",
      "Regenerate every file from driftsmith.yaml (after editing it by hand).", Hints.GENERATES);

  ProjectGenerateTool() {
    super(ABOUT, PROJECT_ID, DRY_RUN, FORCE);
  }

  @Override
  protected ToolResult run(Values v, ToolContext ctx) throws Exception {
    String id = v.get(PROJECT_ID);
    ChangeSet changes = ctx.projects().regenerate(ctx.projects().root(id), id, ctx.options(v.flag(DRY_RUN), v.flag(FORCE)));
    return new ToolResult(ResultText.of(changes), changes);
  }
}
