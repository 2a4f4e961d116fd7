package dev.driftsmith.syncserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The server contract on a SQLite file. */
class SqliteSyncServerTest extends SyncServerContract {
  @Override
  String newStorage(Path dir) {
    try {
      Files.createDirectories(dir);
      return dir.resolve("sync-" + System.nanoTime() + ".sqlite").toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  String engine() {
    return "sqlite";
  }
}
