package dev.driftsmith.generate;

import dev.driftsmith.project.CacheFile;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.workspace.FileChange.Status;
import dev.driftsmith.workspace.FileChange;
import dev.driftsmith.workspace.FileStat;
import dev.driftsmith.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
 * unchanged and write nothing: {@link #answer} gives that change set. So does a hand edit of
 * driftsmith.yaml that binds the very manifest the record was made from ({@link SameManifest}: a
 * comment, say), with driftsmith.yaml written back as the full path writes it. Any other difference
 * takes the full path, which validates and renders as ever (a hand edit refused, a deleted file created).
 *
 * <p>Each file is recorded with its size, modification and change times too. A file that still
 * has all three, and whose times were already {@link FileStat#settled settled} before the record was written, is
 * not read again: hashing 6 MB of a 200-table project cost 60 ms with the launcher's compiler,
 * more than the rest of the answer. A file written moments before the record could be changed again within the
 * file system's clock tick without a new time, so it is always hashed (git's "racily clean"
 * entries are the same case).
 */
final class UpToDate {
  /** Beside the proof store, in Flutter's folder of machine-local state. */
  static final String FILE = CacheFile.FOLDER + "generated";

  private static final String FORMAT = "driftsmith-generated 3";
  private static final Pattern LINE = Pattern.compile("([ifs]) ([0-9a-f]{64}) ([0-9]{1,19}) (-?[0-9]{1,19}) (-?[0-9]{1,19}) (.+)");

  /**
   * A file's SHA-256, with the size, modification and change times (nanoseconds) it had when
   * hashed: a program can set the modification time back (cp -p, tar, rsync -a), not the change time.
   */
  record Stamp(String sha256, long size, long modified, long changed) {}

  /** One produced file: its path, its stamp as written, and whether it is created once and then the user's. */
  record Produced(String path, Stamp stamp, boolean scaffold) {}

  /**
   * A record as read: the build, the manifest's project id, its schema version, the inputs and the
   * files; {@code written} is the record file's own modification time.
   */
  private record Record(String build, String projectId, int schemaVersion, Map<String, Stamp> inputs,
                        List<Produced> files, long written) {
    /** Every stamp the record holds, by path. */
    Map<String, Stamp> stamps() {
      Map<String, Stamp> all = new HashMap<>(inputs);
      files.forEach(f -> all.put(f.path(), f.stamp()));
      return all;
    }
  }

  private UpToDate() {}

  /**
   * The change set of a generate of {@code root} when nothing changed since the recorded write:
   * every file unchanged, nothing written. Empty when the record is missing, garbled, of another
   * build, or anything it names differs. {@code projectId} is the caller's id for the project;
   * null takes the id in driftsmith.yaml (as the CLI does).
   */
  static Optional<ChangeSet> answer(Path root, String projectId, boolean dryRun) throws IOException {
    try {
      return answerFromRecord(root, projectId, dryRun);
    } catch (IOException | InvalidPathException e) {
      // A path the record names that the workspace will not resolve, or a file that cannot be read:
      // the full path, which reports what is wrong, if anything.
      return Optional.empty();
    }
  }

  private static Optional<ChangeSet> answerFromRecord(Path root, String projectId, boolean dryRun) throws IOException {
    Optional<Record> found = read(root.resolve(FILE));
    if (found.isEmpty() || !found.get().build().equals(GeneratorBuild.id())) return Optional.empty();
    Record record = found.get();
    Map<String, Path> inputs = ProjectState.files(root);
    if (!inputs.keySet().equals(record.inputs().keySet())) return Optional.empty();
    Map<String, Stamp> now = new LinkedHashMap<>();
    boolean manifestEdited = false;
    for (Map.Entry<String, Path> input : inputs.entrySet()) {
      Stamp stamp = stamp(input.getValue(), record.inputs().get(input.getKey()), record.written());
      if (stamp == null) return Optional.empty();
      if (!stamp.sha256().equals(record.inputs().get(input.getKey()).sha256())) {
        // Only driftsmith.yaml may differ, and only in what binding it drops: SameManifest decides, below.
        if (!input.getKey().equals(Manifest.FILE_NAME)) return Optional.empty();
        manifestEdited = true;
      }
      now.put(input.getKey(), stamp);
    }
    Workspace workspace = new Workspace(root);
    List<Produced> produced = new ArrayList<>();
    for (Produced file : record.files()) {
      if (inputs.containsKey(file.path())) {
        produced.add(file);
        continue;
      }
      Stamp stamp = stamp(workspace.locate(file.path()), file.stamp(), record.written());
      if (stamp == null || !stamp.sha256().equals(file.stamp().sha256())) return Optional.empty();
      produced.add(new Produced(file.path(), stamp, file.scaffold()));
    }
    Workspace.Scan scan = workspace.scan();
    if (!scan.leftoverTemps().isEmpty()) return Optional.empty();
    if (!ProjectService.orphans(scan, record.files().stream().map(Produced::path).toList()).isEmpty()) return Optional.empty();
    FileChange manifest = new FileChange(Manifest.FILE_NAME, Status.unchanged, null, null);
    if (manifestEdited) {
      Optional<FileChange> rewritten = rewriteManifest(workspace, record, now, produced, dryRun);
      if (rewritten.isEmpty()) return Optional.empty();
      manifest = rewritten.get();
    }
    List<FileChange> files = new ArrayList<>();
    for (Produced f : record.files()) {
      files.add(f.path().equals(Manifest.FILE_NAME) ? manifest
          : new FileChange(f.path(), Status.unchanged, f.scaffold() ? Workspace.SCAFFOLD_KEPT : null, null));
    }
    return Optional.of(new ChangeSet(projectId != null ? projectId : record.projectId(), workspace.root().toString(), dryRun,
        record.schemaVersion(), files, List.of()));
  }

  /**
   * After a hand edit of driftsmith.yaml that binds the manifest the record was made from (a comment,
   * say: {@link SameManifest}), what a full generate does: driftsmith.yaml written back in its own
   * form, every other file unchanged, the record made again. {@code now} holds the stamps just
   * checked, {@code produced} the record's files with theirs. Empty when the edit changed the
   * manifest, or driftsmith.yaml changed again while this ran: the full path decides.
   */
  private static Optional<FileChange> rewriteManifest(Workspace workspace, Record record, Map<String, Stamp> now,
                                                      List<Produced> produced, boolean dryRun) throws IOException {
    Path file = workspace.locate(Manifest.FILE_NAME);
    FileStat before = FileStat.of(file, LinkOption.NOFOLLOW_LINKS);
    Optional<String> edited = workspace.read(Manifest.FILE_NAME);
    if (before == null || edited.isEmpty() || !before.equals(FileStat.of(file, LinkOption.NOFOLLOW_LINKS))) return Optional.empty();
    String written = record.inputs().get(Manifest.FILE_NAME).sha256();
    Optional<String> canonical = SameManifest.rewrite(edited.get(), written);
    if (canonical.isEmpty()) return Optional.empty();
    if (dryRun) {
      return Optional.of(new FileChange(Manifest.FILE_NAME, Status.updated, null,
          Workspace.unifiedDiff(Manifest.FILE_NAME, edited.get(), canonical.get())));
    }
    // The full path's window, no wider: an editor that saved since the read keeps its text, and the full path reads it.
    if (!before.equals(FileStat.of(file, LinkOption.NOFOLLOW_LINKS))) return Optional.empty();
    workspace.writeAtomically(Manifest.FILE_NAME, canonical.get());
    long deadline = FileStat.now() + RECORD_WITHIN;
    Stamp rewritten = stamp(file, null, Long.MIN_VALUE);
    Map<String, Stamp> inputs = new LinkedHashMap<>(now);
    inputs.put(Manifest.FILE_NAME, rewritten);
    if (rewritten == null || !rewritten.sha256().equals(written)) {
      forget(workspace.root());
    } else {
      write(workspace.root(), record.projectId(), record.schemaVersion(), inputs, produced, deadline);
    }
    return Optional.of(new FileChange(Manifest.FILE_NAME, Status.updated, null, null));
  }

  /**
   * Records what a successful write left: the inputs as they are now, and {@code files} in
   * change-set order, as on disk. Called under the project's lock, after the write. Each file must
   * be as the call knew it: what the call wrote still hashes as {@code wrote} gives (path to
   * SHA-256); an input it did not write still hashes as {@code checked}, the state the call
   * checked nothing changed underneath; any other file still has the stat the call's
   * {@code workspace} saw when it compared it. An editor or a checkout takes no lock, and what it
   * leaves during the call is not what the call produced: then nothing is recorded and the next
   * generate takes the full path. So does a name that a line cannot hold (a line break in it), or
   * a file that is not a plain file.
   */
  static void record(Workspace workspace, String manifestProjectId, int schemaVersion, List<String> files,
                     Set<String> scaffolds, Map<String, String> wrote, Map<String, String> checked) throws IOException {
    Path root = workspace.root();
    Path file = root.resolve(FILE);
    Map<String, Path> inputs = ProjectState.files(root);
    List<String> names = new ArrayList<>(inputs.keySet());
    names.addAll(files);
    names.add(manifestProjectId);
    if (names.stream().anyMatch(n -> n.indexOf('\n') >= 0 || n.indexOf('\r') >= 0)) {
      Files.deleteIfExists(file);
      return;
    }
    Optional<Record> previous = read(file);
    Map<String, Stamp> known = previous.map(Record::stamps).orElse(Map.of());
    long previousWritten = previous.map(Record::written).orElse(Long.MIN_VALUE);
    Map<String, Stamp> stamps = new LinkedHashMap<>();
    for (Map.Entry<String, Path> input : inputs.entrySet()) {
      Stamp stamp = stamp(input.getValue(), known.get(input.getKey()), previousWritten);
      String expected = wrote.containsKey(input.getKey()) ? wrote.get(input.getKey()) : checked.get(input.getKey());
      if (stamp == null || !stamp.sha256().equals(expected)) {
        Files.deleteIfExists(file);
        return;
      }
      stamps.put(input.getKey(), stamp);
    }
    long deadline = FileStat.now() + RECORD_WITHIN;
    List<Produced> entries = new ArrayList<>();
    for (String path : files) {
      Stamp stamp = stamps.get(path);
      if (stamp == null) {
        Path produced = workspace.resolvedBefore(path);
        FileStat stat = FileStat.of(produced, LinkOption.NOFOLLOW_LINKS);
        Stamp recorded = known.get(path);
        stamp = !wrote.containsKey(path) && unchangedAndFresh(recorded, stat, deadline) ? recorded
            : stamp(produced, stat, recorded, previousWritten);
        // A file hashed just now that the call did not write: a write during the hashing shows in a stat taken after it.
        boolean hashed = stamp != null && stamp != recorded && !wrote.containsKey(path);
        FileStat after = hashed ? FileStat.of(produced, LinkOption.NOFOLLOW_LINKS) : stat;
        if (!Objects.equals(stat, after) || !asTheCallLeftIt(workspace, path, stat, stamp, wrote.get(path))) {
          // Gone, or changed by a writer that takes no lock: the next generate looks at everything.
          Files.deleteIfExists(file);
          return;
        }
      }
      entries.add(new Produced(path, stamp, scaffolds.contains(path)));
    }
    write(root, manifestProjectId, schemaVersion, stamps, entries, deadline);
  }

  /**
   * Writes the record: {@code inputs}, then {@code files} (an input among them takes its stamp from
   * {@code inputs}), checked by the SHA-256 of its lines. Removed again when written after
   * {@code deadline}: see {@link #unchangedAndFresh}.
   */
  private static void write(Path root, String projectId, int schemaVersion, Map<String, Stamp> inputs, List<Produced> files,
                            long deadline) throws IOException {
    Path file = root.resolve(FILE);
    StringBuilder text = new StringBuilder(FORMAT).append('\n').append(GeneratorBuild.id()).append('\n')
        .append(projectId).append('\n').append(schemaVersion).append('\n');
    inputs.forEach((path, stamp) -> line(text, "i", stamp, path));
    for (Produced f : files) {
      line(text, f.scaffold() ? "s" : "f", inputs.getOrDefault(f.path(), f.stamp()), f.path());
    }
    String checksum = sha256(text.toString());
    text.append("end ").append(checksum).append('\n');
    CacheFile.replace(root, FILE, text);
    // A stamp taken over unhashed was trusted only because the record is not settled for it either.
    if (Files.isRegularFile(file) && Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS) > deadline) Files.deleteIfExists(file);
  }

  /**
   * How long a record may take to write once it starts taking stamps over: see {@link #unchangedAndFresh}.
   * Writing a record takes milliseconds; one that took longer is deleted, and the next generate takes the full path.
   */
  private static final long RECORD_WITHIN = TimeUnit.SECONDS.toNanos(1);

  /**
   * Whether a file the call did not write still has the stat of the stamp the last record gave it ({@code recorded}) and is
   * too fresh to be {@link FileStat#settled settled} at {@code deadline}, the latest time the
   * record may be written. Such a stamp is taken over without hashing the file again: no reader of
   * this record trusts it without hashing (the answer, and the next record, hash a file not settled
   * when the record was written), so hashing it now would prove nothing. Files the call before
   * wrote (on a large project, the sync files of every table) were hashed again on every call.
   */
  private static boolean unchangedAndFresh(Stamp recorded, FileStat stat, long deadline) {
    return recorded != null && stat != null && !stat.settledAt(deadline) && recorded.size() == stat.size()
        && recorded.modified() == stat.modified() && recorded.changed() == stat.changed();
  }

  /**
   * Whether produced file {@code path} is as the call left it: there ({@code stamp} not null),
   * holding what the call wrote when it wrote it ({@code wrote} not null), else with the stat the
   * workspace saw when the call compared it with what it renders ({@code stat}, its stat now).
   */
  private static boolean asTheCallLeftIt(Workspace workspace, String path, FileStat stat, Stamp stamp, String wrote) {
    if (stamp == null) return false;
    if (wrote != null) return stamp.sha256().equals(wrote);
    Optional<FileStat> seen = workspace.seen(path);
    return seen.isPresent() && seen.get().equals(stat);
  }

  /** Removes the record: the write just made left files that a full generate must look at again. */
  static void forget(Path root) throws IOException {
    Files.deleteIfExists(root.resolve(FILE));
  }

  private static void line(StringBuilder text, String kind, Stamp stamp, String path) {
    text.append(kind).append(' ').append(stamp.sha256()).append(' ').append(stamp.size()).append(' ')
        .append(stamp.modified()).append(' ').append(stamp.changed()).append(' ').append(path).append('\n');
  }

  /**
   * The stamp of {@code file} now; {@code known} itself when the file still has its size and times
   * and they were settled when the record holding it was {@code written}. Null when the file is
   * missing or not a regular file (a symbolic link too: the full path refuses those).
   */
  private static Stamp stamp(Path file, Stamp known, long written) throws IOException {
    return stamp(file, FileStat.of(file, LinkOption.NOFOLLOW_LINKS), known, written);
  }

  /** As {@link #stamp(Path, Stamp, long)}, for {@code file} with the stat {@code stat} just taken. */
  private static Stamp stamp(Path file, FileStat stat, Stamp known, long written) throws IOException {
    if (stat == null) return null;
    boolean settled = known != null && stat.settledAt(written);
    if (settled && known.size() == stat.size() && known.modified() == stat.modified() && known.changed() == stat.changed()) {
      return known;
    }
    return new Stamp(ProjectState.hash(file, stat), stat.size(), stat.modified(), stat.changed());
  }

  private static String sha256(String text) {
    return ProjectState.hash(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Optional<Record> read(Path file) {
    List<String> lines;
    long written;
    try {
      if (!Files.isRegularFile(file)) return Optional.empty();
      written = Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS);
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      // Unreadable, or not UTF-8 (a garbled file): the full path, whose write records afresh.
      return Optional.empty();
    }
    // The last line is the SHA-256 of the lines before it: a record cut short or garbled is no record.
    if (lines.size() < 5 || !lines.get(0).equals(FORMAT) || !lines.get(3).matches("[0-9]{1,9}")) return Optional.empty();
    List<String> body = lines.subList(0, lines.size() - 1);
    if (!lines.get(lines.size() - 1).equals("end " + sha256(String.join("\n", body) + "\n"))) return Optional.empty();
    Map<String, Stamp> inputs = new LinkedHashMap<>();
    List<Produced> files = new ArrayList<>();
    for (String line : body.subList(4, body.size())) {
      Matcher m = LINE.matcher(line);
      if (!m.matches()) return Optional.empty();
      Stamp stamp;
      try {
        stamp = new Stamp(m.group(2), Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5)));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      if (m.group(1).equals("i")) inputs.put(m.group(6), stamp);
      else files.add(new Produced(m.group(6), stamp, m.group(1).equals("s")));
    }
    return Optional.of(new Record(lines.get(1), lines.get(2), Integer.parseInt(lines.get(3)), inputs, files, written));
  }
}
