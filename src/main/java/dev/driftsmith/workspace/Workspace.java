package dev.driftsmith.workspace;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.driftsmith.workspace.FileChange.Status;
import dev.driftsmith.workspace.FileChange;
import dev.driftsmith.workspace.GeneratedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/** The project folder: safe paths, hash-guarded planning, atomic writes, deletions and diffs. */
public final class Workspace {
  /** What {@link #read} found, by path: planning reads every file a call compares. */
  private final Map<String, FileStat> seen = new ConcurrentHashMap<>();

  /** The paths {@link #resolve} (or {@link #read}, for a plain file in a folder found inside) checked, for {@link #resolvedBefore}. */
  private final Map<String, Path> resolved = new ConcurrentHashMap<>();

  /** Temp files are {@code .<name>.<random>.driftsmith-tmp} next to their target. */
  public static final String TEMP_SUFFIX = ".driftsmith-tmp";

  /**
   * Folders a scan never enters: build output, tool caches, version control, installed dependencies.
   * None holds a file we generate, and some hold many thousands of files.
   */
  static final Set<String> SKIPPED_FOLDERS = Set.of("build", ".dart_tool", ".git", ".hg", ".svn", "node_modules",
      "Pods", ".symlinks", ".plugin_symlinks", "ephemeral", ".gradle", ".idea", ".fvm", ".pub-cache", ".pub",
      "DerivedData");

  /** The reason an unchanged scaffold file gives: it is the user's once created. */
  public static final String SCAFFOLD_KEPT = "user-owned; created once, never rewritten";

  /** Our header is on the first line; this many bytes always hold it. */
  private static final int HEADER_BYTES = 256;

  private final Path root;

  /**
   * The root's real path, found once: a call resolves every file it plans, and finding the real
   * path is a system call per folder of the root. Were the root itself moved during the call, a
   * path inside it no longer starts with this one, and is refused.
   */
  private Path realRoot;

  public Workspace(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /**
   * Resolves a project-relative path. Absolute paths, {@code ..} and symlinks that lead outside the
   * root are refused, so nothing is ever written outside the project.
   */
  public Path resolve(String relative) throws IOException {
    Path target = inRoot(relative);
    Path realRoot = realRoot();
    for (Path p = target; p != null && p.startsWith(root); p = p.getParent()) {
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        if (!p.toRealPath().startsWith(realRoot)) {
          throw new IOException("path '" + relative + "' follows a symbolic link out of the project root");
        }
        break;
      }
    }
    resolved.put(relative, target);
    return target;
  }

  /**
   * The path {@link #resolve} gave {@code relative} earlier in this workspace's life, or resolves it
   * now. Only for a look that is compared with one taken through {@link #resolve} (a stat, a hash of
   * what the call wrote): a link put in the way since leads to another file, whose stat (another
   * inode) or bytes differ, so the comparison fails as for any change made underneath. Finding the
   * real path again is a system call per folder, for each of a large project's thousand files. A
   * write always resolves again.
   */
  public Path resolvedBefore(String relative) throws IOException {
    Path known = resolved.get(relative);
    return known != null ? known : resolve(relative);
  }

  /** {@code relative} under the root, refused when it is absolute or its {@code ..} lead out; links not followed yet. */
  private Path inRoot(String relative) throws IOException {
    if (relative.isBlank() || relative.startsWith("/") || relative.startsWith("\\")
        || Path.of(relative).isAbsolute()) {
      throw new IOException("path '" + relative + "' must be relative to the project root");
    }
    Path target = root.resolve(relative).normalize();
    if (!target.startsWith(root)) {
      throw new IOException("path '" + relative + "' leaves the project root " + root);
    }
    return target;
  }

  /** Folders whose real path this workspace found inside the root, for {@link #read}. */
  private final Set<Path> foldersInside = ConcurrentHashMap.newKeySet();

  private synchronized Path realRoot() throws IOException {
    if (realRoot == null) realRoot = root.toRealPath();
    return realRoot;
  }

  /**
   * The text of {@code relative}, empty when it is not a file. A plain file (no link) in a folder
   * this workspace already found inside the root is inside too, and is read without finding its
   * real path again: a call reads a large project's thousand files from a few folders, and that
   * was a system call per folder of each path. A link, a missing file, or a folder not seen yet is
   * resolved in full ({@link #resolve}); so is every write.
   */
  public Optional<String> read(String relative) throws IOException {
    Path p = inRoot(relative);
    // The stat before the read: a write after it changes the stat, so a later look can tell.
    FileStat stat = FileStat.of(p, LinkOption.NOFOLLOW_LINKS);
    if (stat != null && foldersInside.contains(p.getParent())) {
      resolved.put(relative, p);
    } else {
      p = resolve(relative);
      stat = FileStat.of(p, LinkOption.NOFOLLOW_LINKS);
      if (!Files.isRegularFile(p)) return Optional.empty();
      rememberFolder(p.getParent());
    }
    String text = Files.readString(p, StandardCharsets.UTF_8);
    if (stat != null) seen.put(relative, stat);
    return Optional.of(text);
  }

  /**
   * {@code relative} resolved for a look at it (a stat to compare with a recorded one), as
   * {@link #read} resolves it: a plain file in a folder already found inside the root as it is,
   * anything else in full. Never for a write.
   */
  public Path locate(String relative) throws IOException {
    Path p = inRoot(relative);
    if (foldersInside.contains(p.getParent()) && FileStat.of(p, LinkOption.NOFOLLOW_LINKS) != null) return p;
    Path resolved = resolve(relative);
    rememberFolder(resolved.getParent());
    return resolved;
  }

  /** Notes {@code folder} for {@link #read} when its real path is inside the root. */
  private void rememberFolder(Path folder) throws IOException {
    if (folder != null && folder.startsWith(root) && Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)
        && folder.toRealPath().startsWith(realRoot())) {
      foldersInside.add(folder);
    }
  }

  /**
   * The stat {@code relative} had when this workspace last read it, so a caller can tell whether
   * anything wrote it since; empty when it was not read (or was not a plain file).
   */
  public Optional<FileStat> seen(String relative) {
    return Optional.ofNullable(seen.get(relative));
  }

  /** A planned write: the change to report and, when something must be written, the new bytes. */
  public record Planned(FileChange change, String newContent) {}

  public List<Planned> plan(List<GeneratedFile> files, boolean force, boolean withDiffs) throws IOException {
    List<Planned> out = new ArrayList<>();
    for (GeneratedFile file : files) out.add(plan(file, force, withDiffs));
    return out;
  }

  public Planned plan(GeneratedFile file, boolean force, boolean withDiffs) throws IOException {
    Optional<String> existing = read(file.path());
    String wanted = switch (file.kind()) {
      case MANAGED -> GeneratedHeader.wrap(file.path(), file.content());
      case SCAFFOLD -> existing.orElse(file.content());
      case MERGED -> existing.map(file.merge()).orElse(file.content());
    };
    if (existing.isEmpty()) return change(file.path(), Status.created, null, "", wanted, withDiffs);
    String old = existing.get();
    if (old.equals(wanted)) {
      String reason = file.kind() == GeneratedFile.Kind.SCAFFOLD ? SCAFFOLD_KEPT : null;
      return new Planned(new FileChange(file.path(), Status.unchanged, reason, null), null);
    }
    if (file.kind() == GeneratedFile.Kind.MANAGED) {
      Optional<GeneratedHeader.Parsed> header = GeneratedHeader.parse(old);
      if (header.isEmpty()) {
        return refused(file.path(), "exists and was not generated by Driftsmith; move it away (or merge it by hand) so Driftsmith can write it");
      }
      if (header.get().edited() && !force) {
        return refused(file.path(), "edited by hand since it was generated; pass force: true to overwrite, or move your changes out of it");
      }
    }
    return change(file.path(), Status.updated, null, old, wanted, withDiffs);
  }

  private static Planned refused(String path, String reason) {
    return new Planned(new FileChange(path, Status.refused, reason, null), null);
  }

  private static Planned change(String path, Status status, String reason, String old, String wanted,
                                boolean withDiffs) {
    String diff = withDiffs ? unifiedDiff(path, old, wanted) : null;
    return new Planned(new FileChange(path, status, reason, diff), wanted);
  }

  /** A unified diff; an empty {@code old} is a new file, an empty {@code wanted} a deleted one. */
  public static String unifiedDiff(String path, String old, String wanted) {
    List<String> a = old.isEmpty() ? List.of() : Arrays.asList(old.split("\n", -1));
    List<String> b = wanted.isEmpty() ? List.of() : Arrays.asList(wanted.split("\n", -1));
    List<String> lines = UnifiedDiffUtils.generateUnifiedDiff(old.isEmpty() ? "/dev/null" : "a/" + path,
        wanted.isEmpty() ? "/dev/null" : "b/" + path, a, DiffUtils.diff(a, b), 3);
    return String.join("\n", lines) + "\n";
  }

  /**
   * Plans the removal of a generated file that the manifest no longer produces. Like an update, it
   * is refused when the file was edited by hand, unless forced. Empty when the file is not ours.
   */
  public Optional<Planned> planDeletion(String relative, boolean force, boolean withDiffs) throws IOException {
    Optional<String> existing = read(relative);
    Optional<GeneratedHeader.Parsed> header = existing.flatMap(GeneratedHeader::parse);
    if (header.isEmpty()) return Optional.empty();
    if (header.get().edited() && !force) {
      return Optional.of(refused(relative, "generated by Driftsmith, but driftsmith.yaml no longer produces it, and it was "
          + "edited by hand; move your changes out of it and delete it, or pass force: true to delete it"));
    }
    String diff = withDiffs ? unifiedDiff(relative, existing.get(), "") : null;
    return Optional.of(new Planned(new FileChange(relative, Status.deleted, "driftsmith.yaml no longer produces it", diff), null));
  }

  /** What a walk of the project found: files with our header, and temp files of an interrupted write. */
  public record Scan(List<String> generated, List<String> leftoverTemps) {}

  /**
   * Walks the project for files we generated (recognised by their header) and temp files we left.
   * Skips {@link #SKIPPED_FOLDERS}, symbolic links, and nested packages (a folder with its own
   * pubspec.yaml or driftsmith.yaml belongs to another project, whose files are not ours to judge).
   */
  public Scan scan() throws IOException {
    List<String> generated = new ArrayList<>();
    List<String> temps = new ArrayList<>();
    if (!Files.isDirectory(root)) return new Scan(generated, temps);
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (dir.equals(root)) return FileVisitResult.CONTINUE;
        boolean otherPackage = Files.exists(dir.resolve("pubspec.yaml")) || Files.exists(dir.resolve("driftsmith.yaml"));
        return SKIPPED_FOLDERS.contains(dir.getFileName().toString()) || otherPackage
            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (!attrs.isRegularFile()) return FileVisitResult.CONTINUE;
        String name = file.getFileName().toString();
        String relative = root.relativize(file).toString().replace('\\', '/');
        if (name.startsWith(".") && name.endsWith(TEMP_SUFFIX)) temps.add(relative);
        else if (GeneratedHeader.commentSyntax(name).isPresent() && hasOurHeader(file)) generated.add(relative);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        // An unreadable folder (permissions) holds nothing we wrote; it must not fail the call.
        return FileVisitResult.CONTINUE;
      }
    });
    generated.sort(null);
    temps.sort(null);
    return new Scan(generated, temps);
  }

  /** Whether {@code file} starts with our header; read again only when its stat changed ({@link KnownFiles}). */
  private static boolean hasOurHeader(Path file) throws IOException {
    FileStat stat = FileStat.of(file, LinkOption.NOFOLLOW_LINKS);
    return stat != null && HEADERS.get(file, stat, Workspace::startsWithOurHeader);
  }

  /** Whether each file a scan looked at starts with our header: a project's few hundred generated files. */
  static final KnownFiles<Boolean> HEADERS = new KnownFiles<>(10_000);

  private static boolean startsWithOurHeader(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      String head = new String(in.readNBytes(HEADER_BYTES), StandardCharsets.UTF_8);
      int end = head.indexOf('\n');
      return (end < 0 ? head : head.substring(0, end)).contains(GeneratedHeader.MARK);
    }
  }

  /** Writes or deletes every planned change; writes are atomic (temp file in the same folder, then a move). */
  public void apply(List<Planned> planned) throws IOException {
    for (Planned p : planned) {
      if (p.change().status() == Status.deleted) delete(p.change().path());
      else if (p.newContent() != null) writeAtomically(p.change().path(), p.newContent());
    }
  }

  /**
   * Writes {@code content} through a temp file and an atomic move. The temp file is created like any
   * new file (the OS applies the umask); when it replaces a file, it takes that file's permissions
   * first, so an executable bit or a group's write access survives regeneration.
   */
  public void writeAtomically(String relative, String content) throws IOException {
    Path target = resolve(relative);
    Files.createDirectories(target.getParent());
    String random = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    Path tmp = target.resolveSibling("." + target.getFileName() + "." + random + TEMP_SUFFIX);
    try {
      Files.writeString(tmp, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      keepPermissions(target, tmp);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void keepPermissions(Path target, Path tmp) throws IOException {
    if (!Files.isRegularFile(target)) return;
    try {
      Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): nothing to keep beyond what the move keeps.
    }
  }

  /** Deletes a file, then the folders that deleting it left empty (never the project root). */
  public void delete(String relative) throws IOException {
    Path target = resolve(relative);
    Files.deleteIfExists(target);
    for (Path dir = target.getParent(); dir != null && !dir.equals(root) && dir.startsWith(root); dir = dir.getParent()) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) return;
      }
      Files.delete(dir);
    }
  }
}
