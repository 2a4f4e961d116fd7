package dev.driftsmith.syncserver;

import dev.driftsmith.testing.PostgresCluster;
import java.nio.file.Path;

/** The server contract on PostgreSQL: a throwaway cluster, a new database per test. */
class PostgresSyncServerTest extends SyncServerContract {
  @Override
  String newStorage(Path dir) {
    return PostgresCluster.shared().newDatabase();
  }

  @Override
  String engine() {
    return "postgresql";
  }
}
