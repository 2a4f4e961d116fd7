package dev.driftsmith.feature.sync;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import java.util.List;

/** For features built on sync (partial sync, priorities, versioning): add tables to sync as drift_enable_sync would. */
public final class SyncSetup {
  private SyncSetup() {}

  /** Syncs every table of {@code names} that does not sync yet, in one schema step, and says so in {@code notes}. */
  public static Manifest ensureSynced(Manifest m, List<String> names, List<String> notes) throws ToolException {
    List<String> missing = names.stream()
        .filter(n -> m.schema().table(n).map(t -> !t.sync()).orElse(false)).toList();
    if (missing.isEmpty()) return m;
    notes.add("Added to sync (as drift_enable_sync would): " + String.join(", ", missing) + ".");
    return SyncTools.enable(m, missing);
  }

  public static boolean syncs(Manifest m, String table) {
    return m.schema().table(table).map(Table::sync).orElse(false);
  }
}
