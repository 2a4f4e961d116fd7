package dev.driftsmith.feature.core;

import static dev.driftsmith.tool.FeatureTool.PROJECT_ID;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.PlainTool;
import dev.driftsmith.tool.ToolContext;
import dev.driftsmith.tool.ToolResult;
import dev.driftsmith.tool.Values;
import java.nio.file.Path;
import java.util.Map;

/** project_delete: unregisters a project and leaves every file where it is. */
final class ProjectDeleteTool extends PlainTool {
  static final About ABOUT = new About("project_delete", "Unregister a project",
      "Unregister a project. Never deletes a file: the folder and driftsmith.yaml stay.", new Hints(false, false, true));

  ProjectDeleteTool() {
    super(ABOUT, PROJECT_ID);
  }

  @Override
  public boolean returnsChangeSet() {
    return false;
  }

  @Override
  protected ToolResult run(Values v, ToolContext ctx) throws Exception {
    String id = v.get(PROJECT_ID);
    Path path;
    try (var exclusive = ctx.registry().exclusive()) {
      path = ctx.registry().find(id).orElseThrow(() -> new ToolException(v.field(PROJECT_ID),
          "no project '" + id + "' is registered; call project_list for the ids"));
      ctx.registry().remove(id);
    }
    return new ToolResult("Unregistered '" + id + "'; its files at " + path + " were left untouched.",
        Map.of("projectId", id, "root", path.toString(), "unregistered", true));
  }
}
