package dev.driftsmith.feature.core;

import dev.driftsmith.generate.ChangeSet;
import dev.driftsmith.generate.ProjectService;
import dev.driftsmith.input.Args;
import dev.driftsmith.input.TextSize;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestIo;
import dev.driftsmith.project.Names;
import dev.driftsmith.render.TemplateSpec;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.JsonSchemas;
import dev.driftsmith.tool.Tool;
import dev.driftsmith.tool.ToolContext;
import dev.driftsmith.tool.ToolResult;
import dev.driftsmith.workspace.GeneratedFile;
import dev.driftsmith.workspace.MigrationFile;
import dev.driftsmith.workspace.Pubspec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The project_* and template_* tools. */
public final class ProjectTools {
  private ProjectTools() {}

  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  static final Pattern COLOR = Pattern.compile("#[0-9A-Fa-f]{6}");
  static final List<String> DISPLAYS = List.of("fullscreen", "standalone", "minimal-ui", "browser");
  /** Package names a Flutter app cannot take because it depends on them. */
  static final Set<String> TAKEN_PACKAGES = Set.of("flutter", "flutter_test", "drift", "drift_flutter", "drift_dev",
      "build_runner", "path", "path_provider", "test", "sqlite3", "flutter_lints");

  public static List<Tool> all() {
    return List.of(new Create(), new Open(), new ListProjects(), new Get(), new Delete(), new Generate(),
        new Check(), new TemplateList(), new TemplatePreview());
  }

  static Path absolutePath(Args args, String field) throws ToolException {
    String raw = args.string(field, TextSize.PATH);
    if (raw.startsWith("~/")) raw = System.getProperty("user.home") + raw.substring(1);
    Path p = Path.of(raw);
    if (!p.isAbsolute()) {
      throw new ToolException(args.field(field), "'" + raw + "' is relative; give an absolute path (the server's working directory is not your project)");
    }
    return p.normalize();
  }

  static void checkPackageName(String field, String name) throws ToolException {
    if (!Names.isSnakeCase(name) || Names.DART_RESERVED.contains(name) || TAKEN_PACKAGES.contains(name)) {
      throw new ToolException(field, "'" + name + "' is not a valid Dart package name: use snake_case (e.g. notes_app), not a reserved word or a dependency's name");
    }
  }

  static String checkId(Args args, String fallback) throws ToolException {
    String id = args.optString("id").orElse(fallback);
    if (!ID.matcher(id).matches()) {
      throw new ToolException(args.field("id"), "'" + id + "' must be lower-case letters, digits, '-' or '_' (at most 64)");
    }
    return id;
  }

  static Manifest.Pwa pwa(Args args) throws ToolException {
    var obj = args.optObject("pwa");
    if (obj.isEmpty()) return null;
    Args p = obj.get().only(Set.of("themeColor", "backgroundColor", "display"));
    Manifest.Pwa d = Manifest.Pwa.defaults();
    String theme = p.optString("themeColor").orElse(d.themeColor());
    String background = p.optString("backgroundColor").orElse(d.backgroundColor());
    for (String[] c : new String[][] {{"themeColor", theme}, {"backgroundColor", background}}) {
      if (!COLOR.matcher(c[1]).matches()) throw new ToolException(p.field(c[0]), "'" + c[1] + "' must be a #RRGGBB colour");
    }
    return new Manifest.Pwa(theme, background, p.enumValue("display", DISPLAYS, d.display()));
  }

  /**
   * The project part of a loaded manifest ({@code project} holds its fields): the id and package
   * name project_create accepts, and complete PWA colours, which the web templates write as given.
   */
  static void checkRecorded(Args project) throws ToolException {
    checkPackageName(project.field("name"), project.string("name"));
    checkId(project, project.string("id"));
    if (pwa(project) != null) {
      Args colours = project.optObject("pwa").orElseThrow();
      for (String field : List.of("themeColor", "backgroundColor", "display")) colours.string(field);
    }
  }

  abstract static class Simple implements Tool {
    private final Map<String, Object> schema;
    private final Set<String> accepted;

    Simple(JsonSchemas s) {
      schema = s.build();
      @SuppressWarnings("unchecked")
      Map<String, Object> props = (Map<String, Object>) schema.get("properties");
      accepted = Set.copyOf(props.keySet());
    }

    @Override
    public Map<String, Object> inputSchema() {
      return schema;
    }

    @Override
    public ToolResult call(Args args, ToolContext ctx) throws Exception {
      args.only(accepted);
      return run(args, ctx);
    }

    abstract ToolResult run(Args args, ToolContext ctx) throws Exception;
  }

  static final class Create extends Simple {
    Create() {
      super(JsonSchemas.object()
          .required("name", JsonSchemas.pattern("^[a-z][a-z0-9_]*$", "Dart package name in snake_case, e.g. notes_app"))
          .required("path", JsonSchemas.string("Absolute path of the folder to create (must not exist, or be empty)"))
          .optional("id", JsonSchemas.string("Project id (default: name); unique among registered projects"))
          .optional("displayName", JsonSchemas.string("App title"))
          .optional("description", JsonSchemas.string("One-line description"))
          .optional("pwa", JsonSchemas.nested(JsonSchemas.object()
              .optional("themeColor", JsonSchemas.pattern("^#[0-9A-Fa-f]{6}$", "#RRGGBB"))
              .optional("backgroundColor", JsonSchemas.pattern("^#[0-9A-Fa-f]{6}$", "#RRGGBB"))
              .optional("display", JsonSchemas.enumOf("PWA display mode", DISPLAYS)), "Web app manifest values")));
    }

    public String name() {
      return "project_create";
    }

    public String description() {
      return "Create a new Flutter project (pubspec, main.dart, PWA web files, build.yaml, driftsmith.yaml) with a drift database, and register it.";
    }

    public Hints hints() {
      return new Hints(false, false, false);
    }

    ToolResult run(Args args, ToolContext ctx) throws Exception {
      String name = args.string("name");
      checkPackageName(args.field("name"), name);
      Path path = absolutePath(args, "path");
      String id = checkId(args, name);
      var pwa = pwa(args);
      Manifest manifest = Manifest.create(new Manifest.ProjectInfo(id, name, args.optString("displayName").orElse(null),
          args.optString("description", TextSize.DESCRIPTION).orElse(null), pwa == null ? Manifest.Pwa.defaults() : pwa));
      // Check, create and register as one step: two calls for one id or one folder, from any
      // process, must not both pass the checks.
      try (var exclusive = ctx.registry().exclusive()) {
        List<String> notes = new ArrayList<>();
        var registered = ctx.registry().find(id);
        if (registered.isPresent()) {
          String stale = ProjectService.staleness(registered.get()).orElseThrow(() -> new ToolException(args.field("id"),
              "a project with id '" + id + "' is already registered (at " + registered.get()
                  + "); pass another id or call project_delete first"));
          notes.add(replaced(id, registered.get(), stale));
        }
        if (!ctx.projects().isEmptyOrMissing(path)) {
          throw new ToolException(args.field("path"), path + " already exists and is not empty; choose a new folder, or use project_open for an existing Flutter project");
        }
        // The folder is empty or missing, so any other id registered for it is stale.
        List<String> others = idsOf(ctx, path, id);
        for (String other : others) notes.add(replaced(other, path, ProjectService.staleness(path).orElseThrow()));
        notes.add("Registered as '" + id + "'. Next: drift_add_table, then drift_run_codegen.");
        boolean existed = Files.exists(path);
        Files.createDirectories(path);
        try {
          ChangeSet changes = ctx.projects().write(path, id, () -> manifest, ctx.options(false, false), notes);
          ctx.registry().put(id, path);
          for (String other : others) ctx.registry().remove(other);
          return new ToolResult("Created project '" + id + "'. " + changes.summary(), changes);
        } catch (Exception e) {
          deleteTree(path, existed);
          throw e;
        }
      }
    }
  }

  static String replaced(String id, Path path, String why) {
    return "Replaced the stale registration '" + id + "' → " + path + " (the folder " + why + ").";
  }

  /** Ids other than {@code except} registered for the folder {@code path}, however it was spelled. */
  static List<String> idsOf(ToolContext ctx, Path path, String except) throws IOException {
    List<String> ids = new ArrayList<>();
    for (var e : ctx.registry().all().entrySet()) {
      if (!e.getKey().equals(except) && sameFolder(e.getValue(), path)) ids.add(e.getKey());
    }
    return ids;
  }

  /** Two paths name one folder: equal, or (when both exist) with one real path. */
  static boolean sameFolder(Path a, Path b) {
    if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) return true;
    try {
      return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  /** Removes what a failed project_create made, and only that (the folder was empty or absent). */
  static void deleteTree(Path path, boolean keepRoot) throws IOException {
    if (!Files.exists(path)) return;
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        if (!(keepRoot && p.equals(path))) Files.deleteIfExists(p);
      }
    }
  }

  static final class Open extends Simple {
    Open() {
      super(JsonSchemas.object()
          .required("path", JsonSchemas.string("Absolute path of an existing Flutter project (with pubspec.yaml)"))
          .optional("id", JsonSchemas.string("Project id (default: the manifest's id, or the package name)")));
    }

    public String name() {
      return "project_open";
    }

    public String description() {
      return "Register an existing Flutter project; creates driftsmith.yaml if missing and only adds missing dependencies to pubspec.yaml.";
    }

    public Hints hints() {
      return Hints.GENERATES;
    }

    ToolResult run(Args args, ToolContext ctx) throws Exception {
      Path path = absolutePath(args, "path");
      if (!Files.isRegularFile(path.resolve("pubspec.yaml"))) {
        throw new ToolException(args.field("path"), path + " has no pubspec.yaml; it is not a Flutter project (use project_create for a new one)");
      }
      try (var exclusive = ctx.registry().exclusive()) {
        String id = checkId(args, opened(args, ctx, path).project().id());
        List<String> notes = new ArrayList<>();
        var registered = ctx.registry().find(id);
        if (registered.isPresent() && !sameFolder(registered.get(), path)) {
          String stale = ProjectService.staleness(registered.get()).orElseThrow(() -> new ToolException(args.field("id"),
              "id '" + id + "' is already registered for " + registered.get() + "; pass another id"));
          notes.add(replaced(id, registered.get(), stale));
        }
        if (ManifestIo.exists(path)) notes.addAll(ctx.projects().loadWithNotes(path).notes());
        if (!ignoresDartTool(path)) {
          notes.add(".gitignore does not list .dart_tool/, where Driftsmith keeps its lock file; add it so the lock file is not committed.");
        }
        ChangeSet changes = ctx.projects().write(path, id, () -> withId(opened(args, ctx, path), id), ctx.options(false, false), notes);
        ctx.registry().put(id, path);
        return new ToolResult("Opened project '" + id + "'. " + changes.summary(), changes);
      }
    }

    /** True when the project has no .gitignore yet (we write one) or its .gitignore lists .dart_tool. */
    private static boolean ignoresDartTool(Path path) throws IOException {
      Path gitignore = path.resolve(".gitignore");
      if (!Files.isRegularFile(gitignore)) return true;
      return Files.readAllLines(gitignore, StandardCharsets.UTF_8).stream().map(String::strip)
          .anyMatch(line -> line.matches("(\\*\\*/|/)?\\.dart_tool/?"));
    }

    /** The folder's manifest, or a new one named after its pubspec when it has none. */
    private static Manifest opened(Args args, ToolContext ctx, Path path) throws ToolException, IOException {
      if (ManifestIo.exists(path)) return ctx.projects().load(path);
      String name;
      try {
        name = Pubspec.parse(Files.readString(path.resolve("pubspec.yaml"), StandardCharsets.UTF_8)).path("name").asString("");
      } catch (RuntimeException e) {
        throw new ToolException(args.field("path"), "pubspec.yaml does not parse as YAML: " + e.getMessage());
      }
      checkPackageName("pubspec.yaml name", name);
      return Manifest.create(new Manifest.ProjectInfo(name, name, null, null, Manifest.Pwa.defaults()));
    }

    private static Manifest withId(Manifest manifest, String id) {
      if (id.equals(manifest.project().id())) return manifest;
      var p = manifest.project();
      return new Manifest(new Manifest.ProjectInfo(id, p.name(), p.displayName(), p.description(), p.pwa()),
          manifest.database(), manifest.schema(), manifest.features());
    }
  }

  static final class ListProjects extends Simple {
    ListProjects() {
      super(JsonSchemas.object());
    }

    public String name() {
      return "project_list";
    }

    public String description() {
      return "List registered projects with their folders.";
    }

    public Hints hints() {
      return Hints.READ_ONLY;
    }

    ToolResult run(Args args, ToolContext ctx) throws Exception {
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

  static final class Get extends Simple {
    Get() {
      super(JsonSchemas.object().projectId());
    }

    public String name() {
      return "project_get";
    }

    public String description() {
      return "Show a project's manifest, enabled features and the status of its generated files.";
    }

    public Hints hints() {
      return Hints.READ_ONLY;
    }

    ToolResult run(Args args, ToolContext ctx) throws Exception {
      String id = args.string("projectId");
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
        files.add(Map.of("path", f.path(), "kind", f.kind().name().toLowerCase(java.util.Locale.ROOT), "status", status));
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

  static final class Delete extends Simple {
    Delete() {
      super(JsonSchemas.object().projectId());
    }

    public String name() {
      return "project_delete";
    }

    public String description() {
      return "Unregister a project. Never deletes any file: the folder and driftsmith.yaml stay.";
    }

    public boolean returnsChangeSet() {
      return false;
    }

    @Override
    public Hints hints() {
      return new Hints(false, false, true);
    }

    ToolResult run(Args args, ToolContext ctx) throws Exception {
      String id = args.string("projectId");
      Path path;
      try (var exclusive = ctx.registry().exclusive()) {
        path = ctx.registry().find(id).orElseThrow(() -> new ToolException(args.field("projectId"),
            "no project '" + id + "' is registered; call project_list for the ids"));
        ctx.registry().remove(id);
      }
      return new ToolResult("Unregistered '" + id + "'; its files at " + path + " were left untouched.",
          Map.of("projectId", id, "root", path.toString(), "unregistered", true));
    }
  }

  static final class Generate extends Simple {
    Generate() {
      super(JsonSchemas.object().projectId().dryRunAndForce());
    }

    public String name() {
      return "project_generate";
    }

    public String description() {
      return "Regenerate every file from driftsmith.yaml (use after editing it by hand). dryRun returns diffs.";
    }

    public Hints hints() {
      return Hints.GENERATES;
    }

    ToolResult run(Args args, ToolContext ctx) throws Exception {
      String id = args.string("projectId");
      Path root = ctx.projects().root(id);
      var options = ctx.options(args.bool("dryRun", false), args.bool("force", false));
      ChangeSet changes = ctx.projects().regenerate(root, id, options);
      return new ToolResult(changes.summary(), changes);
    }
  }

  static final class Check extends Simple {
    Check() {
      super(JsonSchemas.object().projectId());
    }

    public String name() {
      return "project_check";
    }

    public String description() {
      return "Report generated files that are missing, stale or edited by hand. Writes nothing.";
    }

    public Hints hints() {
      return Hints.READ_ONLY;
    }

    ToolResult run(Args args, ToolContext ctx) throws Exception {
      String id = args.string("projectId");
      Path root = ctx.projects().root(id);
      var problems = ctx.projects().check(root);
      StringBuilder text = new StringBuilder(problems.isEmpty() ? "All generated files match driftsmith.yaml."
          : problems.size() + " generated file(s) do not match driftsmith.yaml:");
      problems.forEach(p -> text.append("\n  ").append(p.path()).append(": ").append(p.problem()));
      return new ToolResult(text.toString(), Map.of("projectId", id, "ok", problems.isEmpty(), "problems", problems));
    }
  }

  static final class TemplateList extends Simple {
    TemplateList() {
      super(JsonSchemas.object());
    }

    public String name() {
      return "template_list";
    }

    public String description() {
      return "List the templates with their ids, descriptions and output paths.";
    }

    public Hints hints() {
      return Hints.READ_ONLY;
    }

    ToolResult run(Args args, ToolContext ctx) {
      List<TemplateSpec> templates = ctx.projects().generator().templates();
      StringBuilder text = new StringBuilder();
      for (TemplateSpec t : templates) {
        text.append(t.id()).append(" — ").append(t.description()).append('\n');
      }
      return new ToolResult(text.toString().strip(), Map.of("templates", templates));
    }
  }

  static final class TemplatePreview extends Simple {
    TemplatePreview() {
      super(JsonSchemas.object()
          .required("templateId", JsonSchemas.string("A template id from template_list"))
          .optional("projectId", JsonSchemas.string("Render with this project's data (default: the demo project's sample data)")));
    }

    public String name() {
      return "template_preview";
    }

    public String description() {
      return "Render one template with a project's data, or with sample data, and return the output. Writes nothing.";
    }

    public Hints hints() {
      return Hints.READ_ONLY;
    }

    ToolResult run(Args args, ToolContext ctx) throws Exception {
      String templateId = args.string("templateId");
      var generator = ctx.projects().generator();
      if (generator.template(templateId).isEmpty()) {
        throw new ToolException(args.field("templateId"), "no template '" + templateId + "'; ids: "
            + generator.templates().stream().map(TemplateSpec::id).toList());
      }
      Manifest manifest = args.has("projectId")
          ? ctx.projects().load(ctx.projects().root(args.string("projectId"))) : sampleManifest();
      List<Map<String, String>> outputs = new ArrayList<>();
      StringBuilder text = new StringBuilder();
      for (GeneratedFile f : generator.render(manifest)) {
        if (!f.templateId().equals(templateId)) continue;
        outputs.add(Map.of("path", f.path(), "content", f.content()));
        text.append("=== ").append(f.path()).append(" ===\n").append(f.content()).append('\n');
      }
      if (outputs.isEmpty()) {
        throw new ToolException(args.field("templateId"), "'" + templateId + "' produces no file for this project yet "
            + "(e.g. no table or DAO uses it); call without projectId to preview it with sample data");
      }
      return new ToolResult(text.toString(), Map.of("templateId", templateId, "files", outputs));
    }
  }

  /** The demo project's manifest, shipped as a resource and kept equal to `demo` output by a test. */
  public static Manifest sampleManifest() throws IOException {
    try (InputStream in = ProjectTools.class.getResourceAsStream("/sample/driftsmith.yaml")) {
      if (in == null) throw new IOException("sample manifest resource missing");
      return ManifestIo.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
