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

  /**
   * Exclusive use of the registry until closed, for a call that checks it and then changes it
   * (is the id free? then create and register), so that no other writer, in this process or another,
   * slips in between. Re-entrant. A call that also locks a project takes this lock first.
   */
  Exclusive exclusive() throws IOException;

  /** A held {@link #exclusive()} lock. */
  interface Exclusive extends AutoCloseable {
    @Override
    void close() throws IOException;
  }
}
