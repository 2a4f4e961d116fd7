package dev.driftsmith.feature.sync;

import dev.driftsmith.generate.Problems;
import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.project.Table;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.type.TypeReference;

/**
 * The sync settings of a loaded manifest, each read with the rules of the tool that writes it,
 * and the change tracking of partial sync, which lives on the tables it tracks.
 */
final class SyncCheck {
  private SyncCheck() {}

  static List<ManifestProblem> problems(Manifest m) {
    Problems p = new Problems();
    p.stored(m, SyncSettings.SYNC, SyncSettings.Sync.class, stored -> {
      Optional<String> url = stored.optString("baseUrl");
      if (url.isPresent()) SyncTools.EnableSync.checkUrl(stored, url.get());
    });
    p.stored(m, SyncSettings.CONFLICTS, SyncSettings.Conflicts.class, stored -> SyncTools.ConflictResolution.parse(m, stored));
    p.stored(m, SyncSettings.BACKGROUND, SyncSettings.Background.class, stored -> SyncTools.BackgroundSync.parse(m, stored));
    p.stored(m, SyncSettings.RETRY, SyncSettings.Retry.class, SyncTools.RetryPolicy::parse);
    p.stored(m, SyncSettings.INDICATOR, SyncSettings.Indicator.class, SyncTools.OfflineIndicator::parse);
    p.stored(m, SyncSettings.OPTIMISTIC, SyncSettings.Optimistic.class, stored -> SyncTools.OptimisticUpdates.parse(m, stored));
    p.stored(m, SyncSettings.PRIORITY, SyncSettings.Priority.class, stored -> {
      // drift_configure_sync_priority adds the tables it names to sync.
      SyncPriorityTool.Request request = SyncPriorityTool.parse(m, stored, SyncSettings.LEVELS);
      for (String key : request.priority().priorities().keySet()) {
        SyncTools.syncedTable(m, stored.field("priorities") + "." + key, key.split("\\.")[0]);
      }
    });
    partial(m, p);
    if (p.isEmpty()) tracking(m, p);
    return p.list();
  }

  /** Each tracked table as drift_enable_partial_sync left it: synced, with the strategy its dirty column has. */
  private static void partial(Manifest m, Problems p) {
    if (p.config(m, SyncSettings.PARTIAL, new TypeReference<List<SyncSettings.Partial>>() {}).isEmpty()) return;
    Set<String> seen = new HashSet<>();
    for (Args entry : p.entries(m, SyncSettings.PARTIAL)) {
      p.check(() -> {
        Table t = SyncTools.syncedTable(m, entry.field("table"), entry.string("table"));
        String strategy = entry.enumValue("trackingStrategy", PartialSyncTool.STRATEGIES, null);
        entry.enumValue("conflictResolution", PartialSyncTool.RESOLUTIONS, null);
        if (!seen.add(t.name())) {
          throw new ToolException(entry.field("table"), "table '" + t.name() + "' is listed twice; keep one entry");
        }
        if (!strategy.equals(t.tracking())) {
          throw new ToolException(entry.field("trackingStrategy"), "is " + strategy + ", but table '" + t.name()
              + "' tracks changes with " + t.tracking() + " (its tracking in schema.tables); the two must agree, and the table's "
              + "strategy cannot change (its dirty column holds the unsynced changes)");
        }
        PartialSyncTool.checkBitmapFits(t, strategy, entry.field("trackingStrategy"));
      });
    }
  }

  /** A table's tracking: a known strategy, listed in partialSync, with bit positions that fit a bitmap. */
  private static void tracking(Manifest m, Problems p) {
    Set<String> configured = new HashSet<>();
    SyncSettings.partial(m).forEach(partial -> configured.add(partial.table()));
    List<Table> tables = m.schema().tables();
    for (int i = 0; i < tables.size(); i++) {
      Table t = tables.get(i);
      String field = "schema.tables[" + i + "]";
      if (t.tracking() == null) {
        if (!t.trackingBits().isEmpty()) p.add(field + ".trackingBits", "is only for tables with tracking: column-bitmap; remove it");
        continue;
      }
      p.check(() -> Args.at(field, t).enumValue("tracking", PartialSyncTool.STRATEGIES, null));
      if (!configured.contains(t.name())) {
        p.add(field + ".tracking", "table '" + t.name() + "' tracks changes, but features.partialSync has no entry for it; add "
            + "{table: " + t.name() + ", trackingStrategy: " + t.tracking() + ", conflictResolution: merge} there");
      }
      bits(p, field, t);
    }
  }

  private static void bits(Problems p, String field, Table t) {
    if (!Table.COLUMN_BITMAP.equals(t.tracking())) {
      if (!t.trackingBits().isEmpty()) p.add(field + ".trackingBits", "is only for tables with tracking: column-bitmap; remove it");
      return;
    }
    Set<Integer> used = new HashSet<>();
    for (Map.Entry<String, Integer> bit : t.trackingBits().entrySet()) {
      int position = bit.getValue() == null ? -1 : bit.getValue();
      // 63 usable bits: the dirty mask is a signed 64-bit SQLite integer whose sign bit stays unused.
      if (position < 0 || position > 62 || !used.add(position)) {
        p.add(field + ".trackingBits." + bit.getKey(), "is " + bit.getValue() + "; bit positions are distinct whole numbers "
            + "from 0 to 62 and never move once recorded: restore the recorded one");
      }
    }
  }
}
