package dev.driftsmith.workspace;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.workspace.FileChange.Status;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The folder of migration files, {@link MigrationFile#FOLDER}: what it holds, and the writes that
 * add the files of new steps. A file of a step, once written, is never rewritten; files that are
 * not ours are never touched.
 */
public final class MigrationFolder {
  private MigrationFolder() {}

  /**
   * Each migration file as last read, by its stat: a call reads the folder twice (to load the
   * history, to plan the writes), and a project's history is hundreds of files that never change.
   */
  static final KnownFiles<MigrationFile.Read> READS = new KnownFiles<>(10_000);

  /**
   * What the folder holds: the migration files read (each with its step or its problems), the
   * paths of files that are not migration files (anything but {@code .sql}: reported, ignored),
   * and the problems of the folder itself.
   */
  public record Snapshot(List<MigrationFile.Read> files, List<String> ignored, List<ManifestProblem> problems) {
    static final Snapshot EMPTY = new Snapshot(List.of(), List.of(), List.of());

    /** Every problem: the folder's and each file's. */
    public List<ManifestProblem> allProblems() {
      List<ManifestProblem> all = new ArrayList<>(problems);
      files.forEach(f -> all.addAll(f.problems()));
      return all;
    }
  }

  /** Reads the folder of the project at {@code root}; an absent folder is an empty history, an unreadable one a problem. */
  public static Snapshot read(Path root) {
    Workspace workspace = new Workspace(root);
    Path folder;
    try {
      folder = workspace.resolve(MigrationFile.FOLDER);
    } catch (IOException e) {
      return folderProblem(e.getMessage() + "; make " + MigrationFile.FOLDER + " a plain folder inside the project");
    }
    if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) return Snapshot.EMPTY;
    if (!Files.isDirectory(folder)) return folderProblem("is not a folder; it holds the schema history, one file per version");
    List<MigrationFile.Read> files = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    List<Path> entries;
    try (Stream<Path> list = Files.list(folder)) {
      entries = list.sorted().toList();
    } catch (IOException e) {
      return folderProblem("cannot be read (" + e.getMessage() + "); check its permissions");
    }
    for (Path file : entries) {
      String path = MigrationFile.FOLDER + "/" + file.getFileName();
      if (!path.endsWith(".sql")) ignored.add(path);
      else files.add(readFile(path, file));
    }
    return new Snapshot(files, ignored, List.of());
  }

  private static Snapshot folderProblem(String message) {
    return new Snapshot(List.of(), List.of(), List.of(ManifestProblem.inFile(MigrationFile.FOLDER, 0, null, message)));
  }

  private static MigrationFile.Read readFile(String path, Path file) {
    try {
      FileStat stat = FileStat.of(file, LinkOption.NOFOLLOW_LINKS);
      if (stat == null) {
        return unusable(path, "is not a plain file (a folder or a symbolic link); a migration file is a plain file Driftsmith wrote");
      }
      return READS.get(file, stat, f -> MigrationFile.read(path, Files.readString(f, StandardCharsets.UTF_8)));
    } catch (CharacterCodingException e) {
      return unusable(path, "is not UTF-8 text, so Driftsmith did not write it; restore it from version control");
    } catch (IOException e) {
      return unusable(path, "cannot be read (" + e.getMessage() + "); check its permissions");
    }
  }

  private static MigrationFile.Read unusable(String path, String message) {
    return new MigrationFile.Read(path, null, Map.of(), List.of(ManifestProblem.inFile(path, 0, null, message)));
  }

  /**
   * The writes that give every step of {@code history} its file: created for a step that has none
   * yet, unchanged for one whose file holds it. A file that holds something else is never
   * rewritten (refused): released history does not change.
   */
  public static List<Workspace.Planned> plan(Path root, List<SchemaStep> history, boolean withDiffs) throws ToolException {
    Map<Integer, MigrationFile.Read> byVersion = new HashMap<>();
    Map<String, MigrationFile.Read> byPath = new HashMap<>();
    for (MigrationFile.Read file : read(root).files()) {
      if (file.step() != null) byVersion.putIfAbsent(file.step().version(), file);
      byPath.put(file.path(), file);
    }
    List<Workspace.Planned> planned = new ArrayList<>();
    for (SchemaStep step : history) {
      // The file that holds the version, wherever it is (renamed, say); else whatever is at the step's own path.
      MigrationFile.Read existing = byVersion.getOrDefault(step.version(), byPath.get(MigrationFile.path(step)));
      if (existing != null) {
        planned.add(existing.problems().isEmpty() && step.equals(existing.step())
            ? new Workspace.Planned(new FileChange(existing.path(), Status.unchanged, null, null), null)
            : refused(existing.path(), step.version()));
      } else {
        String path = MigrationFile.path(step);
        String text = MigrationFile.render(step);
        String diff = withDiffs ? Workspace.unifiedDiff(path, "", text) : null;
        planned.add(new Workspace.Planned(new FileChange(path, Status.created, null, diff), text));
      }
    }
    return planned;
  }

  private static Workspace.Planned refused(String path, int version) {
    return new Workspace.Planned(new FileChange(path, Status.refused, "released schema history that does not hold the step "
        + "of version " + version + " this call read; it is never rewritten: restore it from version control", null), null);
  }
}
