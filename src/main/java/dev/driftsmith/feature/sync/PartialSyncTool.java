package dev.driftsmith.feature.sync;

import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.FeatureKeys;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.JsonSchemas;
import dev.driftsmith.tool.NamedManifestTool;
import dev.driftsmith.tool.Tables;
import dev.driftsmith.input.Wire;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Template 11: field-level change tracking. A dirty set per row, kept by a SQLite trigger; updates
 * travel as deltas; server deltas merge field by field.
 */
final class PartialSyncTool extends NamedManifestTool {
  static final List<String> STRATEGIES = Wire.values(Tracking.class);
  static final List<String> RESOLUTIONS = List.of("server-wins", "client-wins", "merge");
  /** A bitmap is a 64-bit SQLite integer; the sign bit stays unused. */
  static final int MAX_BITMAP_COLUMNS = 62;

  PartialSyncTool() {
    super("drift_enable_partial_sync",
        "Partial (field-level) sync: SQLite triggers record which columns changed (a JSON list or a bitmap), updates are pushed as deltas of those columns, and server deltas merge field by field (server-wins, client-wins or merge).");
  }

  @Override
  protected void declare(JsonSchemas s) {
    s.required("tables", JsonSchemas.arrayOf(JsonSchemas.string("table name"), "tables to track (added to sync when needed)"));
    s.required("trackingStrategy", JsonSchemas.enumOf("field-level: a dirty_fields JSON list; column-bitmap: a dirty_mask integer with fixed bit positions", STRATEGIES));
    s.required("conflictResolution", JsonSchemas.enumOf("for a field changed here and on the server: server-wins, client-wins, or merge (the project's conflict resolver decides per field)", RESOLUTIONS));
  }

  @Override
  protected Manifest change(Manifest m, Args args, Change change) throws ToolException {
    List<String> notes = change.notes();
    Tables.requireSome(m);
    List<String> names = args.strings("tables", true);
    if (names.isEmpty()) throw new ToolException(args.field("tables"), "name at least one table");
    Tracking strategy = Wire.parse(Tracking.class, args.enumValue("trackingStrategy", STRATEGIES, null), args.field("trackingStrategy"));
    String resolution = args.enumValue("conflictResolution", RESOLUTIONS, null);
    Map<String, SyncSettings.Partial> configs = new LinkedHashMap<>();
    SyncSettings.partial(m).forEach(p -> configs.put(p.table(), p));
    DatabaseSchema schema = change.schema(m);
    List<String> fresh = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String field = args.field("tables") + "[" + i + "]";
      Table t = Tables.require(m, field, names.get(i));
      SyncSettings.Partial existing = configs.get(t.name());
      if (existing != null && existing.trackingStrategy() != strategy) {
        throw new ToolException(args.field("trackingStrategy"), "table '" + t.name() + "' already tracks changes with '"
            + existing.trackingStrategy().wire() + "'; keep '" + existing.trackingStrategy().wire()
            + "' (switching would lose the dirty state of unsynced rows)");
      }
      if (existing == null && (t.column("dirtyFields").isPresent() || t.column("dirtyMask").isPresent())) {
        throw new ToolException(field, "table '" + t.name() + "' already has a column named dirtyFields or dirtyMask; rename it first");
      }
      SyncedTable tracked = new SyncedTable(schema.require(t.name()), strategy, existing == null ? Map.of() : existing.bits());
      checkBitmapFits(tracked, args.field("trackingStrategy"));
      if (existing == null && !fresh.contains(t.name())) fresh.add(t.name());
      // A bitmap's bit positions are recorded when tracking starts and never move afterwards.
      Map<String, Integer> bits = strategy == Tracking.COLUMN_BITMAP ? tracked.bits() : Map.of();
      configs.put(t.name(), new SyncSettings.Partial(t.name(), strategy, resolution, bits));
    }
    List<String> unsynced = names.stream().filter(n -> !SyncSettings.syncs(m, n)).distinct().toList();
    if (!unsynced.isEmpty()) notes.add("Added to sync (as drift_enable_sync would): " + String.join(", ", unsynced) + ".");
    List<SyncSettings.Partial> sorted = new ArrayList<>(configs.values());
    sorted.sort(java.util.Comparator.comparing(SyncSettings.Partial::table));
    if ("merge".equals(resolution) && m.feature(SyncSettings.CONFLICTS).isEmpty()) {
      notes.add("merge keeps the local value of a field changed on both sides unless drift_configure_conflict_resolution gives that field serverWins.");
    }
    Manifest next = SyncSettings.put(m.with(FeatureKeys.SYNC, SyncSettings.sync(m).withTables(names)), SyncSettings.PARTIAL, sorted);
    return change.record(m, next, "partial sync (" + strategy.wire() + ") " + String.join(", ", fresh));
  }

  static void checkBitmapFits(SyncedTable t, String field) throws ToolException {
    if (t.tracking() == Tracking.COLUMN_BITMAP && t.trackedColumns().size() > MAX_BITMAP_COLUMNS) {
      throw new ToolException(field, "table '" + t.name() + "' has more than " + MAX_BITMAP_COLUMNS
          + " columns, more than a bitmap holds; use field-level");
    }
  }
}
