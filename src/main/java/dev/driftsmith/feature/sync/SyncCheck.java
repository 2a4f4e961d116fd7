package dev.driftsmith.feature.sync;

import dev.driftsmith.generate.Problems;
import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.input.Wire;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.FeatureKeys;
import dev.driftsmith.project.keys.SyncConfig;
import dev.driftsmith.tool.Tables;
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
    p.stored(m, FeatureKeys.SYNC.name(), SyncConfig.class, stored -> EnableSyncTool.STORED.read(stored, m));
    SyncTools.CONFIGURES.forEach(tool -> tool.validate(m, p));
    partial(m, p);
    return p.list();
  }

  /** Each tracked table as drift_enable_partial_sync left it: synced, with a known strategy and bit positions that fit. */
  private static void partial(Manifest m, Problems p) {
    if (p.config(m, PartialSyncConfig.KEY.name(), new TypeReference<List<PartialSyncConfig>>() {}).isEmpty()) return;
    Set<String> seen = new HashSet<>();
    for (Args entry : p.entries(m, PartialSyncConfig.KEY.name())) {
      p.check(() -> {
        Table t = SyncTools.syncedTable(m, entry.field("table"), entry.string("table"));
        // A value that is none of the names failed the typed read above; one left out fails here.
        entry.enumValue("trackingStrategy", Wire.values(Tracking.class), null);
        entry.enumValue("conflictResolution", Wire.values(PartialResolution.class), null);
        PartialSyncConfig stored = PartialSyncConfig.of(m, t.name()).orElseThrow();
        Tracking strategy = stored.trackingStrategy();
        if (!seen.add(t.name())) {
          throw new ToolException(entry.field("table"), "table '" + t.name() + "' is listed twice; keep one entry");
        }
        Map<String, Integer> bits = stored.bits();
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
