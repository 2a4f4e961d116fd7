package dev.driftsmith.generate;

import dev.driftsmith.project.Manifest;
import dev.driftsmith.workspace.FileStat;
import dev.driftsmith.workspace.KnownFiles;
import dev.driftsmith.workspace.MigrationFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The files a call reads its project's state from, as they were at one moment: a call compares the
 * state it loaded with the state just before it writes, so that it never overwrites a change it
 * did not see (a hand edit saved meanwhile, a writer that does not take the lock).
 */
record ProjectState(Map<String, String> hashes) {
  /**
   * Where a project's state lives, relative to its root: files, or folders whose every file counts.
   * The manifest, and the schema history's migration files.
   */
  static final List<String> SOURCES = List.of(Manifest.FILE_NAME, MigrationFile.FOLDER);

  static ProjectState read(Path root) throws IOException {
    Map<String, String> hashes = new TreeMap<>();
    for (Map.Entry<String, Path> file : files(root).entrySet()) hashes.put(file.getKey(), hash(file.getValue()));
    return new ProjectState(hashes);
  }

  /** Every file of {@link #SOURCES} under {@code root}, by its path relative to the root, in order. */
  static Map<String, Path> files(Path root) throws IOException {
    Map<String, Path> files = new TreeMap<>();
    for (String source : SOURCES) {
      Path path = root.resolve(source);
      if (Files.isRegularFile(path)) {
        files.put(source, path);
      } else if (Files.isDirectory(path)) {
        // The walk's own stat decides, but for a link: its target's stat, as Files.isRegularFile gives it.
        try (Stream<Path> walk = Files.find(path, Integer.MAX_VALUE,
            (file, attributes) -> attributes.isRegularFile() || attributes.isSymbolicLink() && Files.isRegularFile(file))) {
          for (Path file : walk.toList()) {
            files.put(root.relativize(file).toString().replace('\\', '/'), file);
          }
        }
      }
    }
    return files;
  }

  /** The paths that differ between this state and {@code later}: changed, created or deleted. */
  List<String> changedIn(ProjectState later) {
    TreeSet<String> paths = new TreeSet<>(hashes.keySet());
    paths.addAll(later.hashes.keySet());
    List<String> changed = new ArrayList<>();
    for (String path : paths) {
      if (!Objects.equals(hashes.get(path), later.hashes.get(path))) changed.add(path);
    }
    return changed;
  }

  /**
   * The SHA-256 of {@code file}, read only when it changed since this process last hashed it
   * ({@link KnownFiles}: a file written within two seconds is hashed every time, so a change made
   * underneath, even one that keeps the size and the time, is still found).
   */
  static String hash(Path file) throws IOException {
    FileStat stat = FileStat.of(file);
    return stat == null ? hashOf(file) : hash(file, stat);
  }

  /** {@link #hash(Path)} of a file whose stat was taken just now. */
  static String hash(Path file, FileStat stat) throws IOException {
    return HASHES.get(file, stat, ProjectState::hashOf);
  }

  private static String hashOf(Path file) throws IOException {
    return hash(Files.readAllBytes(file));
  }

  /** The hashes of the inputs and outputs of the projects this process wrote: a few hundred files each. */
  static final KnownFiles<String> HASHES = new KnownFiles<>(10_000);

  /** The SHA-256 of {@code bytes}, in hex. */
  static String hash(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
