package dev.driftsmith.feature.core;

import dev.driftsmith.generate.Feature;
import dev.driftsmith.generate.FeatureTemplate;
import dev.driftsmith.generate.Generator;
import dev.driftsmith.generate.Problems;
import dev.driftsmith.input.Args;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.project.Names;
import dev.driftsmith.render.NoContext;
import dev.driftsmith.render.TemplateSpec;
import dev.driftsmith.schema.SchemaSteps;
import dev.driftsmith.tool.Tool;
import dev.driftsmith.tool.ToolProvider;
import dev.driftsmith.workspace.GeneratedFile;
import dev.driftsmith.workspace.Pin;
import dev.driftsmith.workspace.Pubspec;
import java.util.List;
import java.util.Locale;

/** The Flutter project around the data layer: pubspec, build.yaml, main.dart, PWA files, docs. */
public final class CoreFeature implements Feature, ToolProvider {
  static final TemplateSpec PUBSPEC = TemplateSpec.of(Generator.PUBSPEC_TEMPLATE, "pubspec.yaml", "core/pubspec.yaml", "",
      "Package manifest with drift, drift_flutter and what the generated code imports; existing files only gain missing dependencies.");
  static final TemplateSpec BUILD = TemplateSpec.of("core.build", "build.yaml", "core/build.yaml", "",
      "drift_dev builder options: DateTime as text, the database path for make-migrations, SQLite modules.");
  static final TemplateSpec ANALYSIS = TemplateSpec.of("core.analysis", "analysis_options.yaml", "core/analysis_options.yaml", "",
      "flutter_lints, generated parts excluded (created once).");
  static final TemplateSpec MAIN = TemplateSpec.of("core.main", "main.dart", "core/main.dart", "lib",
      "App entry point that opens the database (created once; yours to edit).");
  static final TemplateSpec INDEX = TemplateSpec.of("core.web.index", "web/index.html", "core/index.html", "web",
      "PWA host page (created once).");
  static final TemplateSpec WEB_MANIFEST = TemplateSpec.of("core.web.manifest", "web/manifest.json", "core/manifest.json", "web",
      "PWA web app manifest (created once).");
  static final TemplateSpec README = TemplateSpec.of("core.readme", "README.md", "core/README.md", "",
      "Project README (created once).");
  static final TemplateSpec GITIGNORE = TemplateSpec.of("core.gitignore", ".gitignore", "core/gitignore", "",
      "Git ignore rules for build output and machine-local state, Driftsmith's lock file in .dart_tool/ included (created once).");
  static final TemplateSpec DATA_README = TemplateSpec.of("core.data.readme", "Data layer README", "core/data_readme.md", "lib/data",
      "How the database opens per platform, the two web files (sqlite3.wasm, drift_worker.js) and where they come from.")
      .withFileName("README");

  /** The SQLite modules drift's analyzer accepts in .drift files and queries. */
  static final List<String> SQLITE_MODULES = List.of("json1", "fts5");

  /** build.yaml: drift_dev's options. */
  record BuildContext(String databaseName, List<String> sqliteModules) {}

  /** lib/data/README.md; {@code encryptionStrategy} is null without encryption. */
  record DataReadmeContext(String databaseName, String encryptionStrategy) {}

  /** lib/main.dart: the app's own package, its title and the seed colour as a Dart int literal. */
  record MainContext(String packageName, String title, String themeColorHex) {}

  /** web/index.html. */
  record WebPageContext(String title, String description, String themeColor) {}

  /** web/manifest.json; {@code shortName} is what fits under an icon. */
  record WebManifestContext(String title, String shortName, String description, Manifest.Pwa pwa) {}

  /** README.md; {@code description} is null when the project has none. */
  record ReadmeContext(String title, String description) {}

  /**
   * pubspec.yaml is assembled by the generator (it needs every feature's packages); it is listed
   * here, with the project's files, and renders nothing of its own.
   */
  static final List<FeatureTemplate> TEMPLATES = List.of(
      new FeatureTemplate(PUBSPEC, FeatureTemplate.Ownership.MANAGED, in -> List.of()),
      FeatureTemplate.always(BUILD, in -> new BuildContext(in.manifest().database().name(), SQLITE_MODULES)),
      FeatureTemplate.always(ANALYSIS, in -> new NoContext()).scaffold(),
      FeatureTemplate.always(MAIN, in -> mainContext(in.manifest())).scaffold(),
      FeatureTemplate.always(INDEX, in -> webPageContext(in.manifest())).scaffold(),
      FeatureTemplate.always(WEB_MANIFEST, in -> webManifestContext(in.manifest())).scaffold(),
      FeatureTemplate.always(README, in -> new ReadmeContext(title(in.manifest()), in.manifest().project().description())).scaffold(),
      FeatureTemplate.always(GITIGNORE, in -> new NoContext()).scaffold(),
      FeatureTemplate.always(DATA_README, in -> dataReadmeContext(in.manifest())));

  @Override
  public String id() {
    return "core";
  }

  @Override
  public List<FeatureTemplate> fileTemplates() {
    return TEMPLATES;
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

  private static String title(Manifest m) {
    return m.project().displayNameOrDefault();
  }

  private static Manifest.Pwa pwa(Manifest m) {
    return m.project().pwa() == null ? Manifest.Pwa.defaults() : m.project().pwa();
  }

  /** The page and manifest description: the project's, or its title when it has none. */
  private static String description(Manifest m) {
    return m.project().description() == null ? title(m) : m.project().description();
  }

  static DataReadmeContext dataReadmeContext(Manifest m) {
    Manifest.Encryption encryption = m.database().encryption();
    return new DataReadmeContext(m.database().name(), encryption == null ? null : encryption.strategy().wire());
  }

  static MainContext mainContext(Manifest m) {
    String themeColorHex = "0xFF" + pwa(m).themeColor().substring(1).toUpperCase(Locale.ROOT);
    return new MainContext(m.project().name(), title(m), themeColorHex);
  }

  static WebPageContext webPageContext(Manifest m) {
    return new WebPageContext(title(m), description(m), pwa(m).themeColor());
  }

  static WebManifestContext webManifestContext(Manifest m) {
    String title = title(m);
    return new WebManifestContext(title, title.length() > 12 ? m.project().name() : title, description(m), pwa(m));
  }
}
