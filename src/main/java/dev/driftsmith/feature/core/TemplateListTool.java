package dev.driftsmith.feature.core;

import dev.driftsmith.render.TemplateSpec;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.PlainTool;
import dev.driftsmith.tool.ToolContext;
import dev.driftsmith.tool.ToolResult;
import dev.driftsmith.tool.Values;
import java.util.List;
import java.util.Map;

/** template_list: every template with its id, description and output path. */
final class TemplateListTool extends PlainTool {
  static final About ABOUT = new About("template_list", "List templates",
      "List the templates with their ids, descriptions and output paths.", Hints.READ_ONLY);

  TemplateListTool() {
    super(ABOUT);
  }

  @Override
  protected ToolResult run(Values v, ToolContext ctx) {
    List<TemplateSpec> templates = ctx.projects().generator().templates();
    StringBuilder text = new StringBuilder();
    for (TemplateSpec t : templates) text.append(t.id()).append(" — ").append(t.description()).append('\n');
    return new ToolResult(text.toString().strip(), Map.of("templates", templates));
  }
}
