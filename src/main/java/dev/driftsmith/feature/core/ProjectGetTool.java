package dev.driftsmith.feature.core;

import dev.driftsmith.generate.ProjectService;
import dev.driftsmith.workspace.MigrationFile;
import static dev.driftsmith.tool.FeatureTool.PROJECT_ID;

import dev.driftsmith.input.Args;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.PlainTool;
import dev.driftsmith.tool.ToolContext;
import dev.driftsmith.tool.ToolResult;
import dev.driftsmith.tool.Values;
import dev.driftsmith.workspace.GeneratedFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** project_get: the manifest, the enabled features and the status of every generated file. */
final class ProjectGetTool extends PlainTool {
  static final About ABOUT = new About("project_get", "Show a project",
      "Show a project's manifest, enabled features and the status of its generated files.", Hints.READ_ONLY);

  ProjectGetTool() {
    super(ABOUT, PROJECT_ID);
  }

  @Override
  protected ToolResult run(Values v, ToolContext ctx) throws Exception {
    String id = v.get(PROJECT_ID);
    Path root = ctx.projects().root(id);
    Manifest manifest = ctx.projects().load(root);
    Map<String, String> problems = new LinkedHashMap<>();
    // Status for the assistant, not a proof: what this process proved of the history stands.
    ctx.projects().check(root, ProjectService.HistoryProof.REMEMBERED).forEach(p -> problems.put(p.path(), p.problem()));
    int problemCount = problems.size();
    List<Map<String, String>> files = new ArrayList<>();
    for (GeneratedFile f : ctx.projects().generator().render(manifest)) {
      String status = problems.remove(f.path());
      if (status == null) status = f.kind() == GeneratedFile.Kind.SCAFFOLD ? "user-owned" : "up to date";
      files.add(Map.of("path", f.path(), "kind", f.kind().name().toLowerCase(Locale.ROOT), "status", status));
    }
    // What is left are generated files the manifest no longer produces, and files in the migrations folder that are not ours.
    problems.forEach((path, problem) -> files.add(Map.of("path", path,
        "kind", path.startsWith(MigrationFile.FOLDER + "/") ? "foreign" : "orphaned", "status", problem)));
    List<String> features = new ArrayList<>(manifest.features().keySet());
    if (manifest.database().encryption() != null) features.add("encryption");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("projectId", id);
    out.put("root", root.toString());
    out.put("manifest", Args.JSON.convertValue(manifest, Object.class));
    out.put("features", features);
    out.put("files", files);
    String summary = "Project '" + id + "' at " + root + ": " + manifest.schema().tables().size() + " tables, schema version "
        + manifest.schema().version() + ", features " + features + ", " + problemCount + " file problem(s).";
    return new ToolResult(summary, out);
  }
}
