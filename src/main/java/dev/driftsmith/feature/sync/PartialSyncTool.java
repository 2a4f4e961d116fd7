package dev.driftsmith.feature.sync;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.FeatureKeys;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.FeatureTool;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.Param;
import dev.driftsmith.tool.Params;
import dev.driftsmith.tool.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * drift_enable_partial_sync: field-level change tracking. A dirty set per row, kept by a SQLite trigger; updates
 * travel as deltas; server deltas merge field by field.
 */
final class PartialSyncTool extends FeatureTool {
  static final About ABOUT = new About("drift_enable_partial_sync", "Enable partial sync",
      "Field-level sync: triggers record changed columns, updates travel as deltas, server deltas merge per field.",
      Hints.GENERATES);
  /** A bitmap is a 64-bit SQLite integer; the sign bit stays unused. */
  static final int MAX_BITMAP_COLUMNS = 62;
  static final Param<List<Table>> TABLES = Param.tables("tables").required().nonEmpty("name at least one table");
  static final Param<Tracking> TRACKING = Param.choice("trackingStrategy", Tracking.class).required();
  static final Param<PartialResolution> RESOLUTION = Param.choice("conflictResolution", PartialResolution.class).required();

  PartialSyncTool() {
    super(ABOUT, Params.of(TABLES, TRACKING, RESOLUTION));
  }

  @Override
  protected boolean onExistingTables() {
    return true;
  }

  @Override
  protected Manifest change(Manifest m, Values v, Change change) throws ToolException {
    List<Table> tables = v.get(TABLES);
    List<String> names = tables.stream().map(Table::name).toList();
    Tracking strategy = v.get(TRACKING);
    PartialResolution resolution = v.get(RESOLUTION);
    Map<String, PartialSyncConfig> configs = new LinkedHashMap<>();
    PartialSyncConfig.all(m).forEach(p -> configs.put(p.table(), p));
    DatabaseSchema schema = change.schema(m);
    List<String> fresh = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      String field = v.field(TABLES) + "[" + i + "]";
      Table t = tables.get(i);
      PartialSyncConfig existing = configs.get(t.name());
      if (existing != null && existing.trackingStrategy() != strategy) {
        throw new ToolException(v.field(TRACKING), "table '" + t.name() + "' already tracks changes with '"
            + existing.trackingStrategy().wire() + "'; keep '" + existing.trackingStrategy().wire()
            + "' (switching would lose the dirty state of unsynced rows)");
      }
      if (existing == null && (t.column("dirtyFields").isPresent() || t.column("dirtyMask").isPresent())) {
        throw new ToolException(field, "table '" + t.name() + "' already has a column named dirtyFields or dirtyMask; rename it first");
      }
      SyncedTable tracked = new SyncedTable(schema.require(t.name()), strategy, existing == null ? Map.of() : existing.bits());
      checkBitmapFits(tracked, v.field(TRACKING));
      if (existing == null && !fresh.contains(t.name())) fresh.add(t.name());
      // A bitmap's bit positions are recorded when tracking starts and never move afterwards.
      Map<String, Integer> bits = strategy == Tracking.COLUMN_BITMAP ? tracked.bits() : Map.of();
      configs.put(t.name(), new PartialSyncConfig(t.name(), strategy, resolution, bits));
    }
    List<String> unsynced = names.stream().filter(n -> !SyncSettings.syncs(m, n)).distinct().toList();
    if (!unsynced.isEmpty()) change.note("Added to sync (as drift_enable_sync would): " + String.join(", ", unsynced) + ".");
    List<PartialSyncConfig> sorted = new ArrayList<>(configs.values());
    sorted.sort(java.util.Comparator.comparing(PartialSyncConfig::table));
    if (resolution == PartialResolution.MERGE && m.feature(ConflictResolutionConfig.KEY.name()).isEmpty()) {
      change.note("merge keeps the local value of a field changed on both sides unless drift_configure_conflict_resolution gives that field serverWins.");
    }
    Manifest next = m.with(FeatureKeys.SYNC, SyncSettings.sync(m).withTables(names)).with(PartialSyncConfig.KEY, sorted);
    return change.record(m, next, "partial sync (" + strategy.wire() + ") " + String.join(", ", fresh));
  }

  static void checkBitmapFits(SyncedTable t, String field) throws ToolException {
    if (t.tracking() == Tracking.COLUMN_BITMAP && t.trackedColumns().size() > MAX_BITMAP_COLUMNS) {
      throw new ToolException(field, "table '" + t.name() + "' has more than " + MAX_BITMAP_COLUMNS
          + " columns, more than a bitmap holds; use field-level");
    }
  }
}
