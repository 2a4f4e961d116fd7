package dev.driftsmith.feature.sync;

import dev.driftsmith.generate.Problems;
import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.SyncConfig;
import dev.driftsmith.tool.Tables;
import dev.driftsmith.tool.Wire;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.type.TypeReference;

/**
 * The sync settings of a loaded manifest, each read with the rules of the tool that writes it.
 */
final class SyncCheck {
  private SyncCheck() {}

  static List<ManifestProblem> problems(Manifest m) {
    Problems p = new Problems();
    p.stored(m, SyncSettings.SYNC, SyncConfig.class, stored -> {
      Optional<String> url = stored.optString("baseUrl");
      if (url.isPresent()) SyncTools.EnableSync.checkUrl(stored, url.get());
      stored.optInt("protocol", SyncConfig.LEGACY_PROTOCOL, SyncConfig.CURRENT_PROTOCOL);
      List<String> tables = stored.strings("tables", false);
      Set<String> listed = new HashSet<>();
      for (int i = 0; i < tables.size(); i++) {
        String field = stored.field("tables") + "[" + i + "]";
        Tables.require(m, field, tables.get(i));
        if (!listed.add(tables.get(i))) throw new ToolException(field, "'" + tables.get(i) + "' is listed twice; list it once");
      }
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
    return p.list();
  }

  /** Each tracked table as drift_enable_partial_sync left it: synced, with a known strategy and bit positions that fit. */
  private static void partial(Manifest m, Problems p) {
    if (p.config(m, SyncSettings.PARTIAL, new TypeReference<List<SyncSettings.Partial>>() {}).isEmpty()) return;
    Set<String> seen = new HashSet<>();
    for (Args entry : p.entries(m, SyncSettings.PARTIAL)) {
      p.check(() -> {
        Table t = SyncTools.syncedTable(m, entry.field("table"), entry.string("table"));
        Tracking strategy = Wire.parse(Tracking.class, entry.enumValue("trackingStrategy", PartialSyncTool.STRATEGIES, null),
            entry.field("trackingStrategy"));
        entry.enumValue("conflictResolution", PartialSyncTool.RESOLUTIONS, null);
        if (!seen.add(t.name())) {
          throw new ToolException(entry.field("table"), "table '" + t.name() + "' is listed twice; keep one entry");
        }
        Map<String, Integer> bits = SyncSettings.partial(m, t.name()).orElseThrow().bits();
        if (strategy != Tracking.COLUMN_BITMAP && !bits.isEmpty()) {
          throw new ToolException(entry.field("bits"), "is only for trackingStrategy: column-bitmap; remove it");
        }
        Set<Integer> used = new HashSet<>();
        for (Map.Entry<String, Integer> bit : bits.entrySet()) {
          int position = bit.getValue() == null ? -1 : bit.getValue();
          // 63 usable bits: the dirty mask is a signed 64-bit SQLite integer whose sign bit stays unused.
          if (position < 0 || position > 62 || !used.add(position)) {
            throw new ToolException(entry.field("bits") + "." + bit.getKey(), "is " + bit.getValue() + "; bit positions are distinct "
                + "whole numbers from 0 to 62 and never move once recorded: restore the recorded one");
          }
        }
        PartialSyncTool.checkBitmapFits(new SyncedTable(t, strategy, bits), entry.field("trackingStrategy"));
      });
    }
  }
}
