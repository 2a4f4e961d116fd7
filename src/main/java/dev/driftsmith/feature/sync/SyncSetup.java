package dev.driftsmith.feature.sync;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.tool.Change;
import java.util.List;

/** For features built on sync (partial sync, priorities, versioning): add tables to sync as drift_enable_sync would. */
final class SyncSetup {
  private SyncSetup() {}

  /** Syncs every table of {@code names} that does not sync yet, in one schema step, and says so in {@code notes}. */
  static Manifest ensureSynced(Manifest m, List<String> names, Change change) throws ToolException {
    List<String> missing = names.stream().filter(n -> m.schema().table(n).isPresent() && !SyncSettings.syncs(m, n)).toList();
    if (missing.isEmpty()) return m;
    change.note("Added to sync (as drift_enable_sync would): " + String.join(", ", missing) + ".");
    return SyncTools.enable(m, missing, change);
  }
}
