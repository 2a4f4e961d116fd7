package dev.driftsmith.feature.core;

import dev.driftsmith.generate.ProjectService;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.PlainTool;
import dev.driftsmith.tool.ToolContext;
import dev.driftsmith.tool.ToolResult;
import dev.driftsmith.tool.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** project_list: the registered projects, stale registrations marked. */
final class ProjectListTool extends PlainTool {
  static final About ABOUT = new About("project_list", "List projects", "List registered projects with their folders.",
      Hints.READ_ONLY);

  ProjectListTool() {
    super(ABOUT);
  }

  @Override
  protected ToolResult run(Values v, ToolContext ctx) throws Exception {
    List<Map<String, Object>> projects = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (var e : ctx.registry().all().entrySet()) {
      var stale = ProjectService.staleness(e.getValue());
      projects.add(Map.of("id", e.getKey(), "path", e.getValue().toString(), "manifestFound", stale.isEmpty()));
      text.append(e.getKey()).append(" → ").append(e.getValue()).append(stale.map(why -> " (the folder " + why + ")").orElse(""))
          .append('\n');
    }
    return new ToolResult(projects.isEmpty() ? "No projects registered yet: call project_create or project_open." : text.toString().strip(),
        Map.of("projects", projects));
  }
}
