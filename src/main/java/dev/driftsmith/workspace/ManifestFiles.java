package dev.driftsmith.workspace;

import dev.driftsmith.project.FieldSites;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestIo;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.project.SchemaStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A project's state as stored: {@code driftsmith.yaml} (the table model, features and
 * {@code schema.version}) and {@code driftsmith/migrations/} (the schema history, one file per
 * version), read into one {@link Manifest}. A driftsmith.yaml in the older format still holds its
 * history in {@code schema.history}; it is read as it is, and the next write moves the history
 * into files.
 */
public final class ManifestFiles {
  private ManifestFiles() {}

  /** {@code schema.history[3].up[2]} → 3 and {@code up[2]}. */
  private static final Pattern HISTORY_FIELD = Pattern.compile("schema\\.history\\[(\\d+)](?:\\.(.+))?");

  /**
   * What reading found. {@code manifest} is null when {@code problems} is not empty: the problems of
   * driftsmith.yaml as a text (syntax, unknown fields), or of the migration files (edited by hand,
   * missing, not ours, not matching driftsmith.yaml). {@code historyInManifest}: the older format.
   */
  public record Read(ManifestIo.Parsed yaml, MigrationFolder.Snapshot migrations, Manifest manifest,
                     List<ManifestProblem> problems, boolean historyInManifest, List<MigrationFile.Read> steps)
      implements FieldSites {
    /**
     * A field of a step is found in its migration file (the k-th step's file, with the line of the
     * statement); every other field in driftsmith.yaml. The history as a whole differing from the
     * tables is found at the tables: the migration files are hash-guarded, the tables are what a
     * hand edit changed.
     */
    @Override
    public Site site(ManifestProblem problem) {
      if (problem.file() != null) return new Site(problem.file(), problem.line(), problem.field());
      if (historyInManifest || problem.field() == null || !problem.field().startsWith("schema.history")) {
        return yaml.lines().site(problem);
      }
      Matcher m = HISTORY_FIELD.matcher(problem.field());
      if (!m.matches()) return yaml.lines().site(new ManifestProblem("schema.tables", problem.message()));
      int k = Integer.parseInt(m.group(1));
      // A step an upgrade added while loading has no file yet.
      if (k >= steps.size()) return new Site(MigrationFile.FOLDER, 0, problem.field());
      return new Site(steps.get(k).path(), steps.get(k).lineOf(m.group(2)), m.group(2));
    }
  }

  /** Reads the project at {@code root}; only an unreadable driftsmith.yaml or folder throws. */
  public static Read read(Path root) throws IOException {
    ManifestIo.Parsed yaml = ManifestIo.read(ManifestIo.text(root));
    MigrationFolder.Snapshot folder = MigrationFolder.read(root);
    List<ManifestProblem> problems = new ArrayList<>(yaml.problems());
    if (!problems.isEmpty()) return new Read(yaml, folder, null, problems, false, List.of());
    problems.addAll(folder.allProblems());
    Manifest manifest = yaml.manifest();
    boolean inManifest = !manifest.schema().history().isEmpty();
    List<MigrationFile.Read> steps = List.of();
    if (problems.isEmpty() && inManifest) {
      problems.addAll(sameAsTheManifest(manifest.schema().history(), folder));
    } else if (problems.isEmpty()) {
      steps = complete(folder, manifest.schema().version(), problems);
      manifest = manifest.withSchema(manifest.schema().withHistory(steps.stream().map(MigrationFile.Read::step).toList()));
    }
    return new Read(yaml, folder, problems.isEmpty() ? manifest : null, problems, inManifest, steps);
  }

  /**
   * The manifest of the project at {@code root} with its history, as stored; not checked with the
   * tools' rules (that is {@code ProjectService.load}). Throws when it cannot be read.
   */
  public static Manifest manifest(Path root) throws IOException {
    Read read = read(root);
    if (read.manifest() != null) return read.manifest();
    ManifestProblem first = read.problems().get(0);
    throw new IOException(read.site(first).location() + ": " + first.message());
  }

  /**
   * One file for each version from 2 (version 1 is the empty database) to {@code version}, in
   * version order; a missing, doubled or surplus version is a problem naming its file.
   */
  private static List<MigrationFile.Read> complete(MigrationFolder.Snapshot folder, int version, List<ManifestProblem> problems) {
    Map<Integer, MigrationFile.Read> byVersion = new TreeMap<>();
    for (MigrationFile.Read file : folder.files()) {
      int v = file.step().version();
      MigrationFile.Read first = byVersion.putIfAbsent(v, file);
      if (first != null) {
        problems.add(atVersion(file, "is " + v + ", as in " + first.path() + ": each version has one file; restore "
            + MigrationFile.FOLDER + "/ from version control"));
      } else if (v < 2 || v > version) {
        problems.add(atVersion(file, "is " + v + (v < 2 ? ", but version 1 is the empty database and has no step"
            : ", above schema.version " + version + " in " + Manifest.FILE_NAME) + "; restore " + Manifest.FILE_NAME + " and "
            + MigrationFile.FOLDER + "/ from one commit"));
      }
    }
    for (int v = 2; v <= version; v++) {
      if (byVersion.containsKey(v)) continue;
      problems.add(ManifestProblem.inFile(MigrationFile.FOLDER + "/" + MigrationFile.versionPrefix(v) + "_*.sql", 0, null,
          "missing: " + Manifest.FILE_NAME + " is at schema.version " + version + ", so each version from 2 to " + version
              + " needs its file; restore it from version control (installed apps at version " + (v - 1)
              + " would skip the step, and their databases would never match)"));
    }
    return byVersion.entrySet().stream().filter(e -> e.getKey() >= 2 && e.getKey() <= version).map(Map.Entry::getValue).toList();
  }

  /**
   * Migration files next to a history still in driftsmith.yaml: a move into files that stopped
   * before driftsmith.yaml was saved leaves files equal to its steps, which the next write
   * completes. A file that differs means two histories, and neither can be picked.
   */
  private static List<ManifestProblem> sameAsTheManifest(List<SchemaStep> history, MigrationFolder.Snapshot folder) {
    List<ManifestProblem> problems = new ArrayList<>();
    for (MigrationFile.Read file : folder.files()) {
      int v = file.step().version();
      boolean same = history.stream().anyMatch(step -> step.equals(file.step()));
      if (!same) {
        problems.add(atVersion(file, "is " + v + ", and " + Manifest.FILE_NAME + " still holds its own schema.history, "
            + (history.stream().anyMatch(step -> step.version() == v) ? "with another step of version " + v : "without version " + v)
            + ": the history must be in one place; restore " + Manifest.FILE_NAME + " and " + MigrationFile.FOLDER
            + "/ from one commit"));
      }
    }
    return problems;
  }

  private static ManifestProblem atVersion(MigrationFile.Read file, String message) {
    return ManifestProblem.inFile(file.path(), file.lineOf("version"), "version", message);
  }
}
