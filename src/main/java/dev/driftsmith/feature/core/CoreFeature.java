package dev.driftsmith.feature.core;

import dev.driftsmith.generate.Feature;
import dev.driftsmith.generate.Generator;
import dev.driftsmith.generate.Problems;
import dev.driftsmith.input.Args;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.project.Names;
import dev.driftsmith.render.Renderer;
import dev.driftsmith.render.TemplateSpec;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.schema.SchemaSteps;
import dev.driftsmith.tool.Tool;
import dev.driftsmith.tool.ToolProvider;
import dev.driftsmith.workspace.GeneratedFile;
import dev.driftsmith.workspace.Pin;
import dev.driftsmith.workspace.Pubspec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Flutter project around the data layer: pubspec, build.yaml, main.dart, PWA files, docs. */
public final class CoreFeature implements Feature, ToolProvider {
  static final TemplateSpec PUBSPEC = new TemplateSpec(Generator.PUBSPEC_TEMPLATE, "pubspec.yaml",
      "Package manifest with drift, drift_flutter and what the generated code imports; existing files only gain missing dependencies.",
      "core/pubspec.yaml", "", "pubspec", "yaml");
  static final TemplateSpec BUILD = new TemplateSpec("core.build", "build.yaml",
      "drift_dev builder options: DateTime as text, the database path for make-migrations, SQLite modules.",
      "core/build.yaml", "", "build", "yaml");
  static final TemplateSpec ANALYSIS = new TemplateSpec("core.analysis", "analysis_options.yaml",
      "flutter_lints, generated parts excluded (created once).", "core/analysis_options.yaml", "", "analysis_options", "yaml");
  static final TemplateSpec MAIN = new TemplateSpec("core.main", "main.dart",
      "App entry point that opens the database (created once; yours to edit).", "core/main.dart", "lib", "main", "dart");
  static final TemplateSpec INDEX = new TemplateSpec("core.web.index", "web/index.html",
      "PWA host page (created once).", "core/index.html", "web", "index", "html");
  static final TemplateSpec WEB_MANIFEST = new TemplateSpec("core.web.manifest", "web/manifest.json",
      "PWA web app manifest (created once).", "core/manifest.json", "web", "manifest", "json");
  static final TemplateSpec README = new TemplateSpec("core.readme", "README.md",
      "Project README (created once).", "core/README.md", "", "README", "md");
  static final TemplateSpec GITIGNORE = new TemplateSpec("core.gitignore", ".gitignore",
      "Git ignore rules for build output and machine-local state, Driftsmith's lock file in .dart_tool/ included (created once).",
      "core/gitignore", "", "", "gitignore");
  static final TemplateSpec DATA_README = new TemplateSpec("core.data.readme", "Data layer README",
      "How the database opens per platform, the two web files (sqlite3.wasm, drift_worker.js) and where they come from.",
      "core/data_readme.md", "lib/data", "README", "md");

  @Override
  public String id() {
    return "core";
  }

  @Override
  public List<TemplateSpec> templates() {
    return List.of(PUBSPEC, BUILD, ANALYSIS, MAIN, INDEX, WEB_MANIFEST, README, GITIGNORE, DATA_README);
  }

  /** The project_* and template_* tools. */
  @Override
  public List<Tool> tools() {
    return List.of(new ProjectCreateTool(), new ProjectOpenTool(), new ProjectListTool(), new ProjectGetTool(),
        new ProjectDeleteTool(), new ProjectGenerateTool(), new ProjectCheckTool(), new TemplateListTool(),
        new TemplatePreviewTool());
  }

  @Override
  public List<Pubspec.Dependency> dependencies(Manifest manifest) {
    return List.of(Pin.FLUTTER_LINTS.dependency());
  }

  @Override
  public List<ManifestProblem> validate(Manifest manifest, SchemaSteps steps) {
    Problems problems = new Problems();
    // The id and package name project_create accepts, and complete PWA colours, which the web templates write as given.
    problems.check(() -> ProjectParams.RECORDED.read(Args.at("project", manifest.project()), manifest));
    // The database name becomes the file name on the device and a Dart string in connection.dart.
    String name = manifest.database().name();
    if (!Names.isSnakeCase(name)) {
      problems.add("database.name", "'" + name + "' must be snake_case, e.g. app_database (it names the database file)");
    }
    return problems.list();
  }

  @Override
  public List<GeneratedFile> render(Manifest manifest, DatabaseSchema schema, Renderer renderer) {
    Map<String, Object> ctx = context(manifest);
    List<GeneratedFile> files = new ArrayList<>();
    files.add(managed(renderer, BUILD, ctx));
    files.add(managed(renderer, DATA_README, ctx));
    files.add(scaffold(renderer, ANALYSIS, ctx));
    files.add(scaffold(renderer, MAIN, ctx));
    files.add(scaffold(renderer, INDEX, ctx));
    files.add(scaffold(renderer, WEB_MANIFEST, ctx));
    files.add(scaffold(renderer, README, ctx));
    files.add(scaffold(renderer, GITIGNORE, ctx));
    return files;
  }

  static Map<String, Object> context(Manifest manifest) {
    Manifest.Pwa pwa = manifest.project().pwa() == null ? Manifest.Pwa.defaults() : manifest.project().pwa();
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("project", manifest.project());
    ctx.put("database", manifest.database());
    ctx.put("encryption", manifest.database().encryption());
    ctx.put("pwa", pwa);
    ctx.put("sqliteModules", List.of("json1", "fts5"));
    ctx.put("themeColorHex", "0xFF" + pwa.themeColor().substring(1).toUpperCase(java.util.Locale.ROOT));
    String title = manifest.project().displayNameOrDefault();
    ctx.put("title", title);
    ctx.put("shortName", title.length() > 12 ? manifest.project().name() : title);
    ctx.put("description", manifest.project().description() == null ? title : manifest.project().description());
    return ctx;
  }
}
