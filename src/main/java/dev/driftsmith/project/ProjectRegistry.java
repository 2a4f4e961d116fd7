package dev.driftsmith.project;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Where a project id points to. Only the id → folder mapping lives here; state lives in the manifest. */
public interface ProjectRegistry {
  Map<String, Path> all() throws IOException;

  default Optional<Path> find(String id) throws IOException {
    return Optional.ofNullable(all().get(id));
  }

  void put(String id, Path root) throws IOException;

  boolean remove(String id) throws IOException;
}
