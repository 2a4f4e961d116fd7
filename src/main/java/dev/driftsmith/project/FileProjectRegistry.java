package dev.driftsmith.project;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import tools.jackson.core.type.TypeReference;

/**
 * The registry file {@code projects.yaml} in the user's config folder: {@code $DRIFTSMITH_HOME},
 * else {@code $XDG_CONFIG_HOME/driftsmith}, else {@code ~/.config/driftsmith}.
 *
 * <p>Several server processes share it, so every change is a read-modify-write under the lock file
 * {@code projects.lock} next to it, and the file is replaced only when it still holds what was read.
 * Reads take no lock: the file is always replaced whole, by an atomic move.
 */
public final class FileProjectRegistry implements ProjectRegistry {
  private static final String TEMP_PREFIX = ".projects.yaml.";
  private static final String TEMP_SUFFIX = ".driftsmith-tmp";

  private final Path file;
  private final Path lockFile;

  public FileProjectRegistry(Path configDir) {
    this.file = configDir.resolve("projects.yaml");
    this.lockFile = configDir.resolve("projects.lock");
  }

  public static FileProjectRegistry fromEnvironment() {
    return new FileProjectRegistry(configDir(System.getenv()));
  }

  public static Path configDir(Map<String, String> env) {
    String home = env.get("DRIFTSMITH_HOME");
    if (home != null && !home.isBlank()) return Path.of(home);
    String xdg = env.get("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "driftsmith");
    return Path.of(System.getProperty("user.home"), ".config", "driftsmith");
  }

  public Path file() {
    return file;
  }

  @Override
  public Map<String, Path> all() throws IOException {
    return parse(readRaw());
  }

  @Override
  public void put(String id, Path root) throws IOException {
    change(entries -> entries.put(id, root.toAbsolutePath().normalize()));
  }

  @Override
  public boolean remove(String id) throws IOException {
    return change(entries -> entries.remove(id) != null);
  }

  @Override
  public Exclusive exclusive() throws IOException {
    return WriterLock.acquire(lockFile)::close;
  }

  /**
   * Applies {@code edit} to the registry under its lock. When the file changed between the read and
   * the write (a writer that ignores the lock), the edit is redone once on the fresh contents.
   */
  private <T> T change(Function<Map<String, Path>, T> edit) throws IOException {
    try (WriterLock held = WriterLock.acquire(lockFile)) {
      removeLeftoverTempFiles();
      for (int attempt = 1; ; attempt++) {
        String before = readRaw();
        Map<String, Path> entries = parse(before);
        T result = edit.apply(entries);
        if (entries.equals(parse(before))) return result;
        if (replaceIfUnchanged(before, serialize(entries))) return result;
        if (attempt == 2) {
          throw new IOException(file + " keeps changing while Driftsmith updates it (another program writes it "
              + "without the lock?); the registration was not saved, try again");
        }
      }
    }
  }

  private boolean replaceIfUnchanged(String before, String after) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), TEMP_PREFIX, TEMP_SUFFIX);
    try {
      Files.writeString(tmp, after, StandardCharsets.UTF_8);
      if (!Objects.equals(before, readRaw())) return false;
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Temp files of a write that was killed midway; safe to remove while the lock is held. */
  private void removeLeftoverTempFiles() throws IOException {
    if (!Files.isDirectory(file.getParent())) return;
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(file.getParent(), TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
      for (Path p : leftovers) Files.deleteIfExists(p);
    }
  }

  /** The file's text, or null when there is none yet. */
  private String readRaw() throws IOException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static Map<String, Path> parse(String yaml) {
    Map<String, Path> out = new TreeMap<>();
    if (yaml == null || yaml.isBlank()) return out;
    Map<String, String> raw = ManifestIo.YAML.readValue(yaml, new TypeReference<Map<String, String>>() {});
    if (raw != null) raw.forEach((id, path) -> out.put(id, Path.of(path)));
    return out;
  }

  private static String serialize(Map<String, Path> entries) {
    Map<String, String> raw = new TreeMap<>();
    entries.forEach((id, path) -> raw.put(id, path.toString()));
    return ManifestIo.YAML.writeValueAsString(raw);
  }
}
