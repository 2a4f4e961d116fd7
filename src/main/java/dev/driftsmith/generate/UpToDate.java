package dev.driftsmith.generate;

import dev.driftsmith.workspace.FileChange;
import dev.driftsmith.workspace.FileChange.Status;
import dev.driftsmith.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the last successful write left in the project, so that generating an unchanged project
 * answers without loading, validating or rendering again: seconds for a fresh process at 200
 * tables, spent to find that nothing changed.
 *
 * <p>Generated output is a pure function of driftsmith.yaml, the migration files and the build
 * (the project's determinism rule). The record, {@link #FILE}, holds the build, the SHA-256 of
 * each of those inputs as the write left them, and the SHA-256 of every file the write produced,
 * in change-set order. When the build and every input hash the same, every produced file still
 * hashes as written, and the project holds no file with our header that is not produced (an
 * orphan) and no temp file of an interrupted write, a full generate would find every file
 * unchanged and write nothing: {@link #answer} gives that change set. Any difference takes the
 * full path, which validates and renders as ever (a hand edit refused, a deleted file created).
 */
final class UpToDate {
  /** Beside the proof store, in Flutter's folder of machine-local state. */
  static final String FILE = ".dart_tool/driftsmith/generated";

  private static final String FORMAT = "driftsmith-generated 1";
  private static final Pattern LINE = Pattern.compile("([ifs]) ([0-9a-f]{64}) (.+)");

  /** One produced file: its path, SHA-256 as written, and whether it is created once and then the user's. */
  record Produced(String path, String sha256, boolean scaffold) {}

  /** A record as read: the build, the manifest's project id, its schema version, the inputs and the files. */
  private record Record(String build, String projectId, int schemaVersion, Map<String, String> inputs,
                        List<Produced> files) {}

  private UpToDate() {}

  /**
   * The change set of a generate of {@code root} when nothing changed since the recorded write:
   * every file unchanged, nothing written. Empty when the record is missing, garbled, of another
   * build, or anything it names differs. {@code projectId} is the caller's id for the project;
   * null takes the id in driftsmith.yaml (as the CLI does).
   */
  static Optional<ChangeSet> answer(Path root, String projectId, boolean dryRun) throws IOException {
    Optional<Record> found = read(root.resolve(FILE));
    if (found.isEmpty()) return Optional.empty();
    Record record = found.get();
    if (!record.build().equals(GeneratorBuild.id())) return Optional.empty();
    if (!ProjectState.read(root).hashes().equals(record.inputs())) return Optional.empty();
    Workspace workspace = new Workspace(root);
    for (Produced file : record.files()) {
      String known = record.inputs().get(file.path());
      if (!file.sha256().equals(known != null ? known : hash(workspace, file.path()))) return Optional.empty();
    }
    Workspace.Scan scan = workspace.scan();
    if (!scan.leftoverTemps().isEmpty()) return Optional.empty();
    if (!ProjectService.orphans(scan, record.files().stream().map(Produced::path).toList()).isEmpty()) return Optional.empty();
    List<FileChange> files = record.files().stream()
        .map(f -> new FileChange(f.path(), Status.unchanged, f.scaffold() ? Workspace.SCAFFOLD_KEPT : null, null)).toList();
    return Optional.of(new ChangeSet(projectId != null ? projectId : record.projectId(), workspace.root().toString(), dryRun,
        record.schemaVersion(), files, List.of()));
  }

  /**
   * Records what a successful write left: {@code files} in change-set order, read back from disk,
   * and the inputs as they are now. Called under the project's lock, after the write. A name that
   * a line cannot hold (a line break in it) records nothing, so the next generate takes the full path.
   */
  static void record(Path root, String manifestProjectId, int schemaVersion, List<String> files, Set<String> scaffolds)
      throws IOException {
    ProjectState inputs = ProjectState.read(root);
    Workspace workspace = new Workspace(root);
    StringBuilder text = new StringBuilder(FORMAT).append('\n').append(GeneratorBuild.id()).append('\n')
        .append(manifestProjectId).append('\n').append(schemaVersion).append('\n');
    List<String> names = new ArrayList<>(inputs.hashes().keySet());
    names.addAll(files);
    names.add(manifestProjectId);
    Path file = root.resolve(FILE);
    if (names.stream().anyMatch(n -> n.indexOf('\n') >= 0 || n.indexOf('\r') >= 0)) {
      Files.deleteIfExists(file);
      return;
    }
    inputs.hashes().forEach((path, sha) -> text.append("i ").append(sha).append(' ').append(path).append('\n'));
    for (String path : files) {
      String known = inputs.hashes().get(path);
      String sha = known != null ? known : hash(workspace, path);
      text.append(scaffolds.contains(path) ? "s " : "f ").append(sha).append(' ').append(path).append('\n');
    }
    String checksum = sha256(text.toString());
    text.append("end ").append(checksum).append('\n');
    Files.createDirectories(file.getParent());
    // A folder linked out of the project would take the write elsewhere; a record is not worth that.
    if (!file.getParent().toRealPath().startsWith(root.toRealPath())) return;
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temp, text, StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Removes the record: the write just made left files that a full generate must look at again. */
  static void forget(Path root) throws IOException {
    Files.deleteIfExists(root.resolve(FILE));
  }

  /** The SHA-256 of the file at {@code path}, "" when it is missing or not a file. */
  private static String hash(Workspace workspace, String path) throws IOException {
    Path file = workspace.resolve(path);
    return Files.isRegularFile(file) ? ProjectState.hash(file) : "";
  }

  private static String sha256(String text) {
    return ProjectState.hash(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Optional<Record> read(Path file) {
    List<String> lines;
    try {
      if (!Files.isRegularFile(file)) return Optional.empty();
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      // Unreadable, or not UTF-8 (a garbled file): the full path, whose write records afresh.
      return Optional.empty();
    }
    // The last line is the SHA-256 of the lines before it: a record cut short or garbled is no record.
    if (lines.size() < 5 || !lines.get(0).equals(FORMAT) || !lines.get(3).matches("[0-9]{1,9}")) return Optional.empty();
    List<String> body = lines.subList(0, lines.size() - 1);
    if (!lines.get(lines.size() - 1).equals("end " + sha256(String.join("\n", body) + "\n"))) return Optional.empty();
    Map<String, String> inputs = new TreeMap<>();
    List<Produced> files = new ArrayList<>();
    for (String line : body.subList(4, body.size())) {
      Matcher m = LINE.matcher(line);
      if (!m.matches()) return Optional.empty();
      if (m.group(1).equals("i")) inputs.put(m.group(3), m.group(2));
      else files.add(new Produced(m.group(3), m.group(2), m.group(1).equals("s")));
    }
    return Optional.of(new Record(lines.get(1), lines.get(2), Integer.parseInt(lines.get(3)), inputs, files));
  }
}

