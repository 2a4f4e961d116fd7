package dev.driftsmith.feature.core;

import static dev.driftsmith.feature.core.ProjectParams.ID;
import static dev.driftsmith.feature.core.ProjectParams.PATH;

import dev.driftsmith.generate.ChangeSet;
import dev.driftsmith.generate.ProjectService;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestIo;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.PlainTool;
import dev.driftsmith.tool.ResultText;
import dev.driftsmith.tool.ToolContext;
import dev.driftsmith.tool.ToolResult;
import dev.driftsmith.tool.Values;
import dev.driftsmith.workspace.Pubspec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** project_open: registers an existing Flutter project, writing driftsmith.yaml when it has none. */
final class ProjectOpenTool extends PlainTool {
  static final About ABOUT = new About("project_open", "Open a Flutter project",
      "Register an existing Flutter project; writes driftsmith.yaml if missing, only adds dependencies to pubspec.yaml.",
      Hints.GENERATES);

  ProjectOpenTool() {
    super(ABOUT, PATH.describe("Folder with pubspec.yaml"), ID.describe("Default: the manifest's id or package name"));
  }

  @Override
  protected ToolResult run(Values v, ToolContext ctx) throws Exception {
    Path path = v.get(PATH);
    if (!Files.isRegularFile(path.resolve("pubspec.yaml"))) {
      throw new ToolException(v.field(PATH), path + " has no pubspec.yaml; it is not a Flutter project (use project_create for a new one)");
    }
    try (var exclusive = ctx.registry().exclusive()) {
      String id = ProjectParams.idOr(v.get(ID), opened(v, ctx, path).project().id(), v.field(ID));
      List<String> notes = new ArrayList<>();
      var registered = ctx.registry().find(id);
      if (registered.isPresent() && !Registrations.sameFolder(registered.get(), path)) {
        String stale = ProjectService.staleness(registered.get()).orElseThrow(() -> new ToolException(v.field(ID),
            "id '" + id + "' is already registered for " + registered.get() + "; pass another id"));
        notes.add(Registrations.replaced(id, registered.get(), stale));
      }
      if (ManifestIo.exists(path)) notes.addAll(ctx.projects().loadWithNotes(path).notes());
      if (!ignoresDartTool(path)) {
        notes.add(".gitignore does not list .dart_tool/, where Driftsmith keeps its lock file; add it so the lock file is not committed.");
      }
      ChangeSet changes = ctx.projects().write(path, id, () -> withId(opened(v, ctx, path), id), ctx.options(false, false), notes);
      ctx.registry().put(id, path);
      return new ToolResult("Opened project '" + id + "'. " + ResultText.of(changes), changes);
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
  private static Manifest opened(Values v, ToolContext ctx, Path path) throws ToolException, IOException {
    if (ManifestIo.exists(path)) return ctx.projects().load(path);
    String name;
    try {
      name = Pubspec.parse(Files.readString(path.resolve("pubspec.yaml"), StandardCharsets.UTF_8)).path("name").asString("");
    } catch (RuntimeException e) {
      throw new ToolException(v.field(PATH), "pubspec.yaml does not parse as YAML: " + e.getMessage());
    }
    ProjectParams.checkPackageName("pubspec.yaml name", name);
    return Manifest.create(new Manifest.ProjectInfo(name, name, null, null, Manifest.Pwa.defaults()));
  }

  private static Manifest withId(Manifest manifest, String id) {
    if (id.equals(manifest.project().id())) return manifest;
    var p = manifest.project();
    return new Manifest(new Manifest.ProjectInfo(id, p.name(), p.displayName(), p.description(), p.pwa()),
        manifest.database(), manifest.schema(), manifest.features());
  }
}
