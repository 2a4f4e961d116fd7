package dev.driftsmith.project;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.type.TypeReference;

/**
 * The registry file {@code projects.yaml} in the user's config folder: {@code $DRIFTSMITH_HOME},
 * else {@code $XDG_CONFIG_HOME/driftsmith}, else {@code ~/.config/driftsmith}.
 */
public final class FileProjectRegistry implements ProjectRegistry {
  private final Path file;

  public FileProjectRegistry(Path configDir) {
    this.file = configDir.resolve("projects.yaml");
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
  public synchronized Map<String, Path> all() throws IOException {
    Map<String, Path> out = new TreeMap<>();
    if (!Files.exists(file)) return out;
    Map<String, String> raw = ManifestIo.YAML.readValue(
        Files.readString(file, StandardCharsets.UTF_8), new TypeReference<Map<String, String>>() {});
    if (raw != null) raw.forEach((id, path) -> out.put(id, Path.of(path)));
    return out;
  }

  @Override
  public synchronized void put(String id, Path root) throws IOException {
    Map<String, Path> current = all();
    current.put(id, root.toAbsolutePath().normalize());
    write(current);
  }

  @Override
  public synchronized boolean remove(String id) throws IOException {
    Map<String, Path> current = all();
    boolean removed = current.remove(id) != null;
    if (removed) write(current);
    return removed;
  }

  private void write(Map<String, Path> entries) throws IOException {
    Map<String, String> raw = new TreeMap<>();
    entries.forEach((id, path) -> raw.put(id, path.toString()));
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), ".projects", ".tmp");
    Files.writeString(tmp, ManifestIo.YAML.writeValueAsString(raw), StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
