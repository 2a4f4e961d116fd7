package dev.driftsmith.generate;

import dev.driftsmith.generate.FileChange.Status;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestIo;
import dev.driftsmith.project.ProjectRegistry;
import dev.driftsmith.tool.ToolException;
import dev.driftsmith.workspace.GeneratedHeader;
import dev.driftsmith.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Load manifest → apply a change → validate → generate → plan → write. Calls on one project are
 * serialised; validation happens before any write, so bad input changes nothing on disk.
 */
public final class ProjectService {
  private final ProjectRegistry registry;
  private final Generator generator;
  private final ManifestValidator validator;
  private final Map<Path, Object> locks = new ConcurrentHashMap<>();

  public ProjectService(ProjectRegistry registry, Generator generator) {
    this.registry = registry;
    this.generator = generator;
    this.validator = new ManifestValidator(generator.features());
  }

  public Generator generator() {
    return generator;
  }

  public ProjectRegistry registry() {
    return registry;
  }

  /** A change to the manifest; throws {@link ToolException} for bad input. */
  @FunctionalInterface
  public interface ManifestChange {
    Manifest apply(Manifest current) throws ToolException;
  }

  public record Options(boolean dryRun, boolean force) {
    public static final Options WRITE = new Options(false, false);
  }

  public Path root(String projectId) throws ToolException, IOException {
    if (projectId == null || projectId.isBlank()) {
      throw new ToolException("projectId", "is required; call project_list to see registered projects");
    }
    Path root = registry.find(projectId).orElseThrow(() -> new ToolException("projectId",
        "no project '" + projectId + "' is registered; call project_list for the ids, or project_open to register a folder"));
    if (!ManifestIo.exists(root)) {
      throw new ToolException("projectId", "project '" + projectId + "' points to " + root
          + ", which has no " + Manifest.FILE_NAME + "; call project_open on the folder again");
    }
    return root;
  }

  /**
   * The project's manifest, checked with the tools' own rules: a hand edit that breaks one is
   * refused here, with its line, before anything renders or writes.
   */
  public Manifest load(Path root) throws ToolException {
    ManifestIo.Parsed parsed = ManifestIo.read(text(root));
    validator.refuse(parsed.problems(), parsed.lines());
    validator.validate(parsed.manifest(), parsed.lines());
    return parsed.manifest();
  }

  private static String text(Path root) throws ToolException {
    try {
      return ManifestIo.text(root);
    } catch (IOException e) {
      throw new ToolException(Manifest.FILE_NAME, "cannot be read (" + e.getMessage() + "); check its permissions");
    }
  }

  /** Applies {@code change} to the project's manifest and regenerates. */
  public ChangeSet update(String projectId, ManifestChange change, Options options, List<String> notes)
      throws ToolException, IOException {
    Path root = root(projectId);
    synchronized (lock(root)) {
      Manifest current = load(root);
      Manifest updated = change.apply(current);
      return write(root, projectId, updated, options, notes);
    }
  }

  /** Generates {@code manifest} into {@code root} and saves the manifest (both skipped on dry runs). */
  public ChangeSet write(Path root, String projectId, Manifest manifest, Options options, List<String> notes)
      throws IOException, ToolException {
    synchronized (lock(root)) {
      Workspace workspace = new Workspace(root);
      List<Workspace.Planned> planned;
      try {
        planned = new ArrayList<>(workspace.plan(generator.render(manifest), options.force(), options.dryRun()));
      } catch (RuntimeException e) {
        throw new ToolException(null, "generation failed before anything was written: " + e.getMessage());
      }
      String yaml = ManifestIo.toYaml(manifest);
      String oldYaml = workspace.read(Manifest.FILE_NAME).orElse("");
      Status manifestStatus = oldYaml.isEmpty() ? Status.created : oldYaml.equals(yaml) ? Status.unchanged : Status.updated;
      String diff = options.dryRun() && manifestStatus != Status.unchanged
          ? Workspace.unifiedDiff(Manifest.FILE_NAME, oldYaml, yaml) : null;
      planned.add(0, new Workspace.Planned(new FileChange(Manifest.FILE_NAME, manifestStatus, null, diff),
          manifestStatus == Status.unchanged ? null : yaml));
      if (!options.dryRun()) {
        // Generated files first, manifest last: a crash midway leaves the old manifest, and the
        // next `generate` completes the job.
        workspace.apply(planned.subList(1, planned.size()));
        workspace.apply(planned.subList(0, 1));
      }
      List<String> allNotes = new ArrayList<>(notes);
      if (planned.stream().anyMatch(p -> p.change().status() == Status.refused)) {
        allNotes.add("Refused files were left as they are; the rest was " + (options.dryRun() ? "planned" : "written") + ".");
      }
      return new ChangeSet(projectId, root.toString(), options.dryRun(), manifest.schema().version(),
          planned.stream().map(Workspace.Planned::change).toList(), allNotes);
    }
  }

  /** One problem found by {@link #check}. */
  public record Problem(String path, String problem) {}

  /** Files that do not match the manifest: missing, stale, or edited by hand. Writes nothing. */
  public List<Problem> check(Path root) throws IOException, ToolException {
    Manifest manifest = load(root);
    Workspace workspace = new Workspace(root);
    List<Problem> problems = new ArrayList<>();
    for (GeneratedFile file : generator.render(manifest)) {
      if (file.kind() == GeneratedFile.Kind.SCAFFOLD) continue;
      var existing = workspace.read(file.path());
      if (existing.isEmpty()) {
        problems.add(new Problem(file.path(), "missing; run `driftsmith generate`"));
        continue;
      }
      if (file.kind() == GeneratedFile.Kind.MERGED) {
        if (!file.merge().apply(existing.get()).equals(existing.get())) {
          problems.add(new Problem(file.path(), "lacks dependencies the generated code imports; run `driftsmith generate`"));
        }
        continue;
      }
      var header = GeneratedHeader.parse(existing.get());
      if (header.isEmpty()) {
        problems.add(new Problem(file.path(), "exists but was not generated by Driftsmith"));
      } else if (header.get().edited()) {
        problems.add(new Problem(file.path(), "edited by hand (its body no longer matches its hash)"));
      } else if (!header.get().body().equals(file.content())) {
        problems.add(new Problem(file.path(), "stale: driftsmith.yaml changed since it was generated; run `driftsmith generate`"));
      }
    }
    return problems;
  }

  public boolean isEmptyOrMissing(Path dir) throws IOException {
    if (!Files.exists(dir)) return true;
    if (!Files.isDirectory(dir)) return false;
    try (var entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  private Object lock(Path root) {
    return locks.computeIfAbsent(root.toAbsolutePath().normalize(), r -> new Object());
  }
}
