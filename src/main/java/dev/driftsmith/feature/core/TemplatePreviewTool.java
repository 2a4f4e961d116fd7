package dev.driftsmith.feature.core;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestIo;
import dev.driftsmith.render.TemplateSpec;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.Param;
import dev.driftsmith.tool.PlainTool;
import dev.driftsmith.tool.ToolContext;
import dev.driftsmith.tool.ToolResult;
import dev.driftsmith.tool.Values;
import dev.driftsmith.workspace.GeneratedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** template_preview: one template rendered with a project's data, or the demo's. */
public final class TemplatePreviewTool extends PlainTool {
  static final About ABOUT = new About("template_preview", "Preview a template",
      "Render one template with a project's data, or with sample data, and return the output. Writes nothing.",
      Hints.READ_ONLY);
  static final Param<String> TEMPLATE_ID = Param.string("templateId").required();
  static final Param<String> PROJECT = Param.string("projectId").describe("Default: sample data");

  TemplatePreviewTool() {
    super(ABOUT, TEMPLATE_ID, PROJECT);
  }

  @Override
  protected ToolResult run(Values v, ToolContext ctx) throws Exception {
    String templateId = v.get(TEMPLATE_ID);
    var generator = ctx.projects().generator();
    if (generator.template(templateId).isEmpty()) {
      throw new ToolException(v.field(TEMPLATE_ID), "no template '" + templateId + "'; ids: "
          + generator.templates().stream().map(TemplateSpec::id).toList());
    }
    Manifest manifest = v.sent(PROJECT) ? ctx.projects().load(ctx.projects().root(v.get(PROJECT))) : sampleManifest();
    List<Map<String, String>> outputs = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (GeneratedFile f : generator.render(manifest)) {
      if (!f.templateId().equals(templateId)) continue;
      outputs.add(Map.of("path", f.path(), "content", f.content()));
      text.append("=== ").append(f.path()).append(" ===\n").append(f.content()).append('\n');
    }
    if (outputs.isEmpty()) {
      throw new ToolException(v.field(TEMPLATE_ID), "'" + templateId + "' produces no file for this project yet "
          + "(e.g. no table or DAO uses it); call without projectId to preview it with sample data");
    }
    return new ToolResult(text.toString(), Map.of("templateId", templateId, "files", outputs));
  }

  /** The demo project's manifest, shipped as a resource and kept equal to `demo` output by a test. */
  public static Manifest sampleManifest() throws IOException {
    try (InputStream in = TemplatePreviewTool.class.getResourceAsStream("/sample/driftsmith.yaml")) {
      if (in == null) throw new IOException("sample manifest resource missing");
      return ManifestIo.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
