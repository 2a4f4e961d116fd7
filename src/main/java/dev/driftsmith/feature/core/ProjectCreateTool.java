package dev.driftsmith.feature.core;

import static dev.driftsmith.feature.core.ProjectParams.DESCRIPTION;
import static dev.driftsmith.feature.core.ProjectParams.DISPLAY_NAME;
import static dev.driftsmith.feature.core.ProjectParams.ID;
import static dev.driftsmith.feature.core.ProjectParams.NAME;
import static dev.driftsmith.feature.core.ProjectParams.PATH;
import static dev.driftsmith.feature.core.ProjectParams.PWA;

import dev.driftsmith.generate.ChangeSet;
import dev.driftsmith.generate.ProjectService;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.PlainTool;
import dev.driftsmith.tool.ResultText;
import dev.driftsmith.tool.ToolContext;
import dev.driftsmith.tool.ToolResult;
import dev.driftsmith.tool.Values;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** project_create: a new Flutter project with a drift database, registered under its id. */
final class ProjectCreateTool extends PlainTool {
  static final About ABOUT = new About("project_create", "Create a Flutter project",
      "Create a Flutter project with a drift database (pubspec, main.dart, PWA files, driftsmith.yaml) and register it.",
      Hints.ADDS);

  ProjectCreateTool() {
    super(ABOUT, NAME.required(), PATH.describe("New or empty folder"), ID.describe("Default: name; unique"),
        DISPLAY_NAME, DESCRIPTION, PWA);
  }

  @Override
  protected ToolResult run(Values v, ToolContext ctx) throws Exception {
    String name = v.get(NAME);
    Path path = v.get(PATH);
    String id = ProjectParams.idOr(v.get(ID), name, v.field(ID));
    Manifest manifest = Manifest.create(new Manifest.ProjectInfo(id, name, v.get(DISPLAY_NAME), v.get(DESCRIPTION),
        v.get(PWA) == null ? Manifest.Pwa.defaults() : v.get(PWA)));
    // Check, create and register as one step: two calls for one id or one folder, from any
    // process, must not both pass the checks.
    try (var exclusive = ctx.registry().exclusive()) {
      List<String> notes = new ArrayList<>();
      var registered = ctx.registry().find(id);
      if (registered.isPresent()) {
        String stale = ProjectService.staleness(registered.get()).orElseThrow(() -> new ToolException(v.field(ID),
            "a project with id '" + id + "' is already registered (at " + registered.get()
                + "); pass another id or call project_delete first"));
        notes.add(Registrations.replaced(id, registered.get(), stale));
      }
      if (!ctx.projects().isEmptyOrMissing(path)) {
        throw new ToolException(v.field(PATH), path + " already exists and is not empty; choose a new folder, or use project_open for an existing Flutter project");
      }
      // The folder is empty or missing, so any other id registered for it is stale.
      List<String> others = Registrations.idsOf(ctx, path, id);
      for (String other : others) notes.add(Registrations.replaced(other, path, ProjectService.staleness(path).orElseThrow()));
      notes.add("Registered as '" + id + "'. Next: drift_add_table, then drift_run_codegen.");
      boolean existed = Files.exists(path);
      Files.createDirectories(path);
      try {
        ChangeSet changes = ctx.projects().write(path, id, () -> manifest, ctx.options(false, false), notes);
        ctx.registry().put(id, path);
        for (String other : others) ctx.registry().remove(other);
        return new ToolResult("Created project '" + id + "'. " + ResultText.of(changes), changes);
      } catch (Exception e) {
        deleteTree(path, existed);
        throw e;
      }
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
}
