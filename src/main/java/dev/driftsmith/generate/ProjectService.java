package dev.driftsmith.generate;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.FieldSites;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestIo;
import dev.driftsmith.project.ProjectRegistry;
import dev.driftsmith.project.WriterLock;
import dev.driftsmith.schema.DateTimeUpgrade;
import dev.driftsmith.schema.ProofStore;
import dev.driftsmith.workspace.FileChange.Status;
import dev.driftsmith.workspace.FileChange;
import dev.driftsmith.workspace.GeneratedFile;
import dev.driftsmith.workspace.GeneratedHeader;
import dev.driftsmith.workspace.ManifestFiles;
import dev.driftsmith.workspace.MigrationFile;
import dev.driftsmith.workspace.MigrationFolder;
import dev.driftsmith.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Load manifest → apply a change → validate → generate → plan → write. Validation happens before any
 * write, so bad input changes nothing on disk.
 *
 * <p>Writers of one project are serialised across threads and processes by the lock file
 * {@link #LOCK_FILE}, held for the whole cycle; and a call writes only when the state it loaded
 * ({@link ProjectState}) is still what is on disk, else it is redone once on the fresh state.
 */
public final class ProjectService {
  /**
   * The project's lock file. {@code .dart_tool/} is Flutter's folder of machine-local state: every
   * Flutter project's .gitignore excludes it (ours too), so the lock is never committed.
   */
  public static final String LOCK_FILE = ".dart_tool/driftsmith.lock";

  /** A call whose state changed underneath is tried this many times in all, then refused. */
  private static final int ATTEMPTS = 2;

  private final ProjectRegistry registry;
  private final Generator generator;
  private final ManifestValidator validator;

  public ProjectService(ProjectRegistry registry, Generator generator) {
    this.registry = registry;
    this.generator = generator;
    this.validator = new ManifestValidator(generator.features(), generator.steps());
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

  /**
   * The manifest a call writes, read or built from what is on disk. Called under the project's
   * lock, and again when the state changed before the write, so it must read afresh each time.
   */
  @FunctionalInterface
  public interface ManifestSource {
    Manifest get() throws ToolException, IOException;
  }

  /** How to run a call; {@code control} carries its progress reports and cancellation. */
  public record Options(boolean dryRun, boolean force, CallControl control) {
    public static final Options WRITE = new Options(false, false);

    public Options(boolean dryRun, boolean force) {
      this(dryRun, force, CallControl.NONE);
    }
  }

  public Path root(String projectId) throws ToolException, IOException {
    if (projectId == null || projectId.isBlank()) {
      throw new ToolException("projectId", "is required; call project_list to see registered projects");
    }
    Path root = registry.find(projectId).orElseThrow(() -> new ToolException("projectId",
        "no project '" + projectId + "' is registered; call project_list for the ids, or project_open to register a folder"));
    Optional<String> stale = staleness(root);
    if (stale.isPresent()) {
      throw new ToolException("projectId", "project '" + projectId + "' points to " + root + ", which " + stale.get()
          + "; " + staleHint(root));
    }
    return root;
  }

  /** Why a registered folder cannot be used ("no longer exists", "has no driftsmith.yaml"); empty when it can. */
  public static Optional<String> staleness(Path root) {
    if (!Files.isDirectory(root)) return Optional.of("no longer exists");
    if (!ManifestIo.exists(root)) return Optional.of("has no " + Manifest.FILE_NAME);
    return Optional.empty();
  }

  private static String staleHint(Path root) {
    if (Files.isRegularFile(root.resolve("pubspec.yaml"))) {
      return "call project_open with this path to set the folder up again (it creates " + Manifest.FILE_NAME + ")";
    }
    return "call project_delete to unregister it, or project_create with this id for a new project "
        + "(it replaces the stale registration)";
  }

  public Manifest load(Path root) throws ToolException {
    return loadWithNotes(root).manifest();
  }

  /** A manifest as loaded, with notes for the change set about what loading changed. */
  public record Loaded(Manifest manifest, List<String> notes) {
    /** Whether the stored manifest is in an older format (loading upgraded it; the next write saves that). */
    public boolean upgraded() {
      return !notes.isEmpty();
    }
  }

  /**
   * The project's manifest, with its history from the migration files, brought up to the current
   * format (in memory: it is saved with the next write), with a note for the change set about each
   * upgrade that applied. It is checked with the tools' own rules after the upgrade: a hand edit
   * that breaks one is refused here, with its file and line, before anything renders or writes. So
   * is a migration file that was edited, is missing, or is not ours.
   */
  public Loaded loadWithNotes(Path root) throws ToolException {
    if (ProofStore.isOpen()) return load(read(root));
    // A call that only reads may trust the proofs stored in the project; only a write saves them.
    try (ProofStore proofs = ProofStore.open(root, GeneratorBuild.id())) {
      return load(read(root));
    }
  }

  private Loaded load(ManifestFiles.Read read) throws ToolException {
    validator.refuse(read.problems(), read);
    Loaded loaded;
    try {
      DateTimeUpgrade.Result dates = DateTimeUpgrade.apply(generator.schema(), read.manifest());
      List<String> notes = new ArrayList<>(read.yaml().upgrades());
      notes.addAll(dates.notes());
      loaded = new Loaded(dates.manifest(), notes);
    } catch (SQLException | RuntimeException e) {
      // A manifest the upgrade cannot read is broken by hand: report that with its line first.
      validator.validate(read.manifest(), read);
      throw new ToolException(Manifest.FILE_NAME, "could not move the project to ISO-8601 UTC date-times: " + e.getMessage()
          + "; nothing was written");
    }
    loaded = upgradeFeatures(loaded, read);
    validator.validate(loaded.manifest(), read);
    if (!read.historyInManifest()) return loaded;
    List<String> notes = new ArrayList<>(loaded.notes());
    notes.add("The schema history moves out of " + Manifest.FILE_NAME + " into " + MigrationFile.FOLDER + "/, one SQL file per "
        + "version (" + read.manifest().schema().history().size() + " files); " + Manifest.FILE_NAME
        + " keeps schema.version and the tables. Commit the new files with it.");
    return new Loaded(loaded.manifest(), notes);
  }

  /** {@code loaded} with every feature's part in its current format (each may record a schema step). */
  private Loaded upgradeFeatures(Loaded loaded, ManifestFiles.Read read) throws ToolException {
    List<String> notes = new ArrayList<>(loaded.notes());
    Manifest upgraded = loaded.manifest();
    try {
      for (Feature feature : generator.features()) upgraded = feature.upgrade(upgraded, generator.steps(), notes);
    } catch (RuntimeException e) {
      validator.validate(read.manifest(), read);
      throw new ToolException(Manifest.FILE_NAME, "could not move the project to the current format: " + e.getMessage()
          + "; nothing was written");
    }
    return new Loaded(upgraded, notes);
  }

  /** driftsmith.yaml and the migration files, as stored. */
  private static ManifestFiles.Read read(Path root) throws ToolException {
    try {
      return ManifestFiles.read(root);
    } catch (IOException e) {
      throw new ToolException(Manifest.FILE_NAME, "cannot be read (" + e.getMessage() + "); check its permissions");
    }
  }

  /** Applies {@code change} to the project's manifest and regenerates. */
  public ChangeSet update(String projectId, ManifestChange change, Options options, List<String> notes)
      throws ToolException, IOException {
    Path root = root(projectId);
    return write(root, projectId, () -> {
      Manifest current = loadInto(root, notes);
      options.control().progress(CallControl.Step.LOADED, "read " + Manifest.FILE_NAME);
      Manifest updated = change.apply(current);
      options.control().progress(CallControl.Step.CHANGED, "validated the change");
      return updated;
    }, options, notes);
  }

  /**
   * Regenerates everything from the manifest on disk (after a hand edit of it). When nothing
   * changed since the last write ({@link UpToDate}), answers without loading or rendering.
   */
  public ChangeSet regenerate(Path root, String projectId, Options options) throws ToolException, IOException {
    Optional<ChangeSet> unchanged = upToDate(root, projectId, options);
    if (unchanged.isPresent()) return unchanged.get();
    return regenerateInFull(root, projectId, options);
  }

  /**
   * Regenerates everything, validating and rendering whatever the last write recorded (for a
   * caller that asked {@link #upToDate} already). {@code projectId} null: the manifest's id.
   */
  public ChangeSet regenerateInFull(Path root, String projectId, Options options) throws ToolException, IOException {
    List<String> notes = new ArrayList<>();
    return write(root, projectId, () -> loadInto(root, notes), options, notes);
  }

  /**
   * The change set of regenerating {@code root} when it is up to date since the last write: every
   * file unchanged. Empty when anything differs, and the full generate must run. Needs no
   * generator, so the CLI asks before it builds one. {@code projectId} null: the manifest's id.
   */
  public static Optional<ChangeSet> upToDate(Path root, String projectId, Options options) throws ToolException, IOException {
    Optional<ChangeSet> unchanged;
    if (options.dryRun()) {
      unchanged = UpToDate.answer(root, projectId, true);
    } else {
      try (WriterLock held = lock(root)) {
        unchanged = UpToDate.answer(root, projectId, false);
      } catch (WriterLock.Busy e) {
        throw new ToolException(null, "project '" + (projectId != null ? projectId : root) + "': " + e.getMessage());
      }
    }
    unchanged.ifPresent(c -> options.control().progress(CallControl.Step.WRITTEN, report(c, options.dryRun())));
    return unchanged;
  }

  /** The progress report of an answer from the record: a dry run must not say that it wrote driftsmith.yaml back. */
  private static String report(ChangeSet answer, boolean dryRun) {
    if (answer.count(Status.updated) == 0) return UP_TO_DATE;
    return dryRun ? MANIFEST_TO_REWRITE : MANIFEST_REWRITTEN;
  }

  /** The progress report of a generate that found the project as its last write left it. */
  public static final String UP_TO_DATE = "up to date: driftsmith.yaml, the migration files and every generated file "
      + "are as the last write left them; nothing was validated, rendered or written";

  /** The progress report of a generate that found only a hand edit of driftsmith.yaml that changes none of its values. */
  public static final String MANIFEST_REWRITTEN = "up to date but for the form of driftsmith.yaml: it holds the values "
      + "the last write left (comments and layout are not kept), so it was written back as generated; nothing was "
      + "validated or rendered";

  /** As {@link #MANIFEST_REWRITTEN}, for a dry run, which writes driftsmith.yaml back no more than any other file. */
  public static final String MANIFEST_TO_REWRITE = "dry run: up to date but for the form of driftsmith.yaml: it holds "
      + "the values the last write left (comments and layout are not kept), so a generate writes it back as generated "
      + "and changes no other file; nothing was validated, rendered or written";

  /** The manifest as loaded; what loading upgraded goes to {@code notes}, for the change set. */
  private Manifest loadInto(Path root, List<String> notes) throws ToolException {
    Loaded loaded = loadWithNotes(root);
    notes.addAll(loaded.notes());
    return loaded.manifest();
  }

  /**
   * Generates the manifest {@code source} gives into {@code root} and saves it (both skipped on dry
   * runs), holding the project's lock throughout. When the state on disk changed between reading
   * and writing, the call is redone once on the fresh state; a second change refuses the call.
   * After the write, still under the lock, the proofs the call relied on are stored for the next
   * process ({@link ProofStore}) and what the write left is recorded ({@link UpToDate}); a dry run
   * or a refused call does neither.
   */
  public ChangeSet write(Path root, String projectId, ManifestSource source, Options options, List<String> notes)
      throws IOException, ToolException {
    if (options.dryRun()) {
      Manifest manifest = source.get();
      Plan plan = plan(root, manifest, options);
      options.control().progress(CallControl.Step.WRITTEN, "dry run: wrote nothing");
      return plan.changeSet(idOf(projectId, manifest), notes);
    }
    int ownNotes = notes.size();
    List<String> redoneFor = List.of();
    try (WriterLock held = lock(root); ProofStore proofs = ProofStore.open(root, GeneratorBuild.id())) {
      for (int attempt = 1; ; attempt++) {
        ProjectState loaded = ProjectState.read(root);
        Manifest manifest = source.get();
        Plan plan = plan(root, manifest, options);
        List<String> changed = loaded.changedIn(ProjectState.read(root));
        if (changed.isEmpty()) {
          // The last point where stopping leaves the project as it was: past it, every file is written.
          options.control().stopIfCancelled();
          plan.apply();
          proofs.save();
          plan.record(manifest, loaded);
          options.control().progress(CallControl.Step.WRITTEN, "wrote " + plan.written() + " files");
          List<String> allNotes = new ArrayList<>(notes);
          if (!redoneFor.isEmpty()) {
            allNotes.add(0, String.join(", ", redoneFor) + " changed on disk while this call ran; the call was redone on the new contents.");
          }
          return plan.changeSet(idOf(projectId, manifest), allNotes);
        }
        if (attempt == ATTEMPTS) {
          throw new ToolException(changed.get(0), "changed on disk while this call ran, and again after it was redone "
              + "(another program is writing the project?); nothing was written, call again when it is done");
        }
        redoneFor = changed;
        // The change runs again and adds its notes again.
        if (notes.size() > ownNotes) notes.subList(ownNotes, notes.size()).clear();
      }
    } catch (WriterLock.Busy e) {
      throw new ToolException(null, "project '" + (projectId != null ? projectId : root) + "': " + e.getMessage());
    }
  }

  /** The caller's id for the project, else (null) the id its manifest gives itself. */
  private static String idOf(String projectId, Manifest manifest) {
    return projectId != null ? projectId : manifest.project().id();
  }

  /** The lock of the folder itself, whatever path leads to it (symbolic links, other spellings). */
  private static WriterLock lock(Path root) throws IOException, ToolException {
    Path realRoot = root.toRealPath();
    Path lockFile = realRoot.resolve(LOCK_FILE);
    Files.createDirectories(lockFile.getParent());
    if (!lockFile.getParent().toRealPath().startsWith(realRoot)) {
      throw new ToolException(null, lockFile.getParent() + " is a symbolic link out of the project " + root
          + "; Driftsmith keeps its lock file there, so make it a plain folder");
    }
    if (Files.isSymbolicLink(lockFile)) {
      throw new ToolException(null, LOCK_FILE + " in " + root + " is a symbolic link; nothing was written:"
          + " delete the link, Driftsmith creates its lock file itself");
    }
    if (Files.isDirectory(lockFile, LinkOption.NOFOLLOW_LINKS)) {
      throw new ToolException(null, LOCK_FILE + " in " + root + " is a folder; nothing was written:"
          + " delete it, Driftsmith creates its lock file itself");
    }
    return WriterLock.acquireInside(realRoot, Path.of(LOCK_FILE));
  }

  /** Everything a call would write, delete or refuse, planned before anything is written. */
  private record Plan(Workspace workspace, List<Workspace.Planned> files, List<String> leftoverTemps,
                      boolean dryRun, int schemaVersion, Set<String> scaffolds) {
    /** Leftover temp files first (only a killed write leaves them), generated files next, manifest last. */
    void apply() throws IOException {
      for (String temp : leftoverTemps) workspace.delete(temp);
      workspace.apply(files.subList(1, files.size()));
      workspace.apply(files.subList(0, 1));
    }

    /**
     * After {@link #apply}: what the write left, for the next generate to find unchanged
     * ({@link UpToDate}); a refused file is left as the user has it, so nothing is recorded.
     */
    void record(Manifest manifest, ProjectState checked) throws IOException {
      if (files.stream().anyMatch(p -> p.change().status() == Status.refused)) {
        UpToDate.forget(workspace.root());
        return;
      }
      List<String> left = files.stream().filter(p -> p.change().status() != Status.deleted).map(p -> p.change().path()).toList();
      Map<String, String> wrote = new HashMap<>();
      for (Workspace.Planned p : files) {
        if (p.change().status() != Status.deleted && p.newContent() != null) {
          wrote.put(p.change().path(), ProjectState.hash(p.newContent().getBytes(StandardCharsets.UTF_8)));
        }
      }
      UpToDate.record(workspace, manifest.project().id(), schemaVersion, left, scaffolds, wrote, checked.hashes());
    }

    /** How many files the plan creates, updates or deletes. */
    long written() {
      return files.stream().filter(p -> p.change().status() != Status.unchanged && p.change().status() != Status.refused).count();
    }

    /** "planned 1 created, 2 updated, 45 unchanged, 0 refused, 0 deleted": the progress report of the plan. */
    String summary() {
      return Arrays.stream(Status.values())
          .map(status -> files.stream().filter(p -> p.change().status() == status).count() + " " + status)
          .collect(Collectors.joining(", ", "planned ", ""));
    }

    ChangeSet changeSet(String projectId, List<String> notes) {
      List<String> allNotes = new ArrayList<>(notes);
      if (!leftoverTemps.isEmpty()) {
        allNotes.add((dryRun ? "Would remove " : "Removed ") + leftoverTemps.size()
            + " temp file(s) left by an interrupted write: " + String.join(", ", leftoverTemps) + ".");
      }
      if (files.stream().anyMatch(p -> p.change().status() == Status.refused)) {
        allNotes.add("Refused files were left as they are; the rest was " + (dryRun ? "planned" : "written") + ".");
      }
      return new ChangeSet(projectId, workspace.root().toString(), dryRun, schemaVersion,
          files.stream().map(Workspace.Planned::change).toList(), allNotes);
    }
  }

  /**
   * Plans the manifest (first), every file the manifest produces, and the deletion of generated
   * files it no longer produces. Writes nothing.
   */
  private Plan plan(Path root, Manifest manifest, Options options) throws IOException, ToolException {
    Workspace workspace = new Workspace(root);
    List<GeneratedFile> files;
    try {
      files = generator.render(manifest);
    } catch (RuntimeException e) {
      throw new ToolException(null, "generation failed before anything was written: " + e.getMessage());
    }
    List<Workspace.Planned> planned = new ArrayList<>();
    planned.add(planManifest(workspace, manifest, options.dryRun()));
    planned.addAll(MigrationFolder.plan(root, manifest.schema().history(), options.dryRun()));
    planned.addAll(workspace.plan(files, options.force(), options.dryRun()));
    Workspace.Scan scan = workspace.scan();
    for (String orphan : orphans(scan, files)) {
      workspace.planDeletion(orphan, options.force(), options.dryRun()).ifPresent(planned::add);
    }
    options.control().progress(CallControl.Step.RENDERED, "rendered " + files.size() + " files");
    Set<String> scaffolds = files.stream().filter(f -> f.kind() == GeneratedFile.Kind.SCAFFOLD).map(GeneratedFile::path)
        .collect(Collectors.toSet());
    Plan plan = new Plan(workspace, planned, scan.leftoverTemps(), options.dryRun(), manifest.schema().version(), scaffolds);
    options.control().progress(CallControl.Step.PLANNED, plan.summary());
    return plan;
  }

  private static Workspace.Planned planManifest(Workspace workspace, Manifest manifest, boolean dryRun) throws IOException {
    String yaml = ManifestIo.toYaml(manifest);
    String oldYaml = workspace.read(Manifest.FILE_NAME).orElse("");
    Status status = oldYaml.isEmpty() ? Status.created : oldYaml.equals(yaml) ? Status.unchanged : Status.updated;
    String diff = dryRun && status != Status.unchanged ? Workspace.unifiedDiff(Manifest.FILE_NAME, oldYaml, yaml) : null;
    return new Workspace.Planned(new FileChange(Manifest.FILE_NAME, status, null, diff), status == Status.unchanged ? null : yaml);
  }

  /**
   * Files with our header that the manifest no longer produces (a feature or table that is gone).
   * Migration files are the project's state, not output: they are never orphans.
   */
  private static List<String> orphans(Workspace.Scan scan, List<GeneratedFile> produced) {
    return orphans(scan, produced.stream().map(GeneratedFile::path).toList());
  }

  /** {@link #orphans(Workspace.Scan, List)} by the paths produced. */
  static List<String> orphans(Workspace.Scan scan, Collection<String> produced) {
    Set<String> paths = Set.copyOf(produced);
    return scan.generated().stream().filter(p -> !paths.contains(p) && !p.startsWith(MigrationFile.FOLDER + "/")).toList();
  }

  /** "planned 1 created, 2 updated, 45 unchanged, 0 refused": the progress report of the plan. */
  private static String plannedSummary(List<Workspace.Planned> planned) {
    return Arrays.stream(Status.values()).map(status -> count(planned, status) + " " + status)
        .collect(Collectors.joining(", ", "planned ", ""));
  }

  private static long count(List<Workspace.Planned> planned, Status status) {
    return planned.stream().filter(p -> p.change().status() == status).count();
  }

  /** One problem found by {@link #check}. */
  public record Problem(String path, String problem) {}

  /** How {@link #check} proves the schema history on SQLite. */
  public enum HistoryProof {
    /** Every step replayed on a new database, whatever this process proved before: what check promises. */
    IN_FULL,
    /** Trusts what this process already proved for the same statements, as every tool call does. */
    REMEMBERED
  }

  /** {@link #check(Path, HistoryProof)} with the whole history replayed. */
  public List<Problem> check(Path root) throws IOException, ToolException {
    return check(root, HistoryProof.IN_FULL);
  }

  /**
   * Files that do not match the manifest: missing, stale, edited by hand, or generated but no longer
   * produced. Writes nothing, and takes no lock: run during a write, it may see that write half done.
   */
  public List<Problem> check(Path root, HistoryProof proof) throws IOException, ToolException {
    ManifestFiles.Read read = read(root);
    List<Problem> problems = new ArrayList<>();
    if (read.yaml().problems().isEmpty() && !read.problems().isEmpty()) {
      // Migration files edited, missing or not ours: the history cannot be trusted, so nothing else can be compared.
      for (var p : read.problems()) problems.add(problem(read.site(p), p.message()));
      problems.addAll(ignored(read));
      return problems;
    }
    Loaded loaded = load(read);
    Manifest manifest = loaded.manifest();
    if (proof == HistoryProof.IN_FULL) validator.proveInFull(manifest, read);
    Workspace workspace = new Workspace(root);
    if (loaded.upgraded()) {
      problems.add(new Problem(Manifest.FILE_NAME, "in an older format (" + String.join(" ", loaded.notes())
          + "); run `driftsmith generate` to upgrade it"));
    }
    List<GeneratedFile> files = generator.render(manifest);
    for (GeneratedFile file : files) {
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
    for (String orphan : orphans(workspace.scan(), files)) {
      Optional<Workspace.Planned> deletion = workspace.planDeletion(orphan, false, false);
      if (deletion.isEmpty()) continue;
      problems.add(new Problem(orphan, deletion.get().change().status() == Status.refused
          ? "no longer produced by driftsmith.yaml, and edited by hand; move your changes out of it and delete it "
              + "(`driftsmith generate --force` deletes it)"
          : "no longer produced by driftsmith.yaml; `driftsmith generate` deletes it"));
    }
    problems.addAll(ignored(read));
    return problems;
  }

  /** A problem of a migration file as check lists it: the file, then the line and field when the problem has them. */
  private static Problem problem(FieldSites.Site site, String message) {
    String where = site.field() == null ? "" : (site.line() > 0 ? "line " + site.line() + ", " : "") + site.field() + ": ";
    return new Problem(site.file(), where + message);
  }

  /** Files in the migrations folder that are not migration files: never touched, but a reader should know. */
  private static List<Problem> ignored(ManifestFiles.Read read) {
    return read.migrations().ignored().stream().map(path -> new Problem(path, "is not a migration file (only .sql files "
        + "Driftsmith wrote belong in " + MigrationFile.FOLDER + "/); Driftsmith ignores it and never changes it")).toList();
  }

  public boolean isEmptyOrMissing(Path dir) throws IOException {
    if (!Files.exists(dir)) return true;
    if (!Files.isDirectory(dir)) return false;
    try (var entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }
}
