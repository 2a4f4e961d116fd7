package dev.driftsmith.feature.sync;

import dev.driftsmith.feature.schema.SchemaRules;
import dev.driftsmith.feature.schema.SchemaSteps;
import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.tool.JsonSchemas;
import dev.driftsmith.tool.NamedManifestTool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Template 11: field-level change tracking. A dirty set per row, kept by a SQLite trigger; updates
 * travel as deltas; server deltas merge field by field.
 */
final class PartialSyncTool extends NamedManifestTool {
  static final List<String> STRATEGIES = List.of(Table.FIELD_LEVEL, Table.COLUMN_BITMAP);
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
  protected Manifest change(Manifest m, Args args, List<String> notes) throws ToolException {
    SchemaRules.requireTables(m);
    List<String> names = args.strings("tables", true);
    if (names.isEmpty()) throw new ToolException(args.field("tables"), "name at least one table");
    String strategy = args.enumValue("trackingStrategy", STRATEGIES, null);
    String resolution = args.enumValue("conflictResolution", RESOLUTIONS, null);
    Map<String, SyncSettings.Partial> configs = new LinkedHashMap<>();
    SyncSettings.partial(m).forEach(p -> configs.put(p.table(), p));
    List<String> fresh = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String field = args.field("tables") + "[" + i + "]";
      Table t = SchemaRules.requireTable(m, field, names.get(i));
      if (t.tracking() != null && !t.tracking().equals(strategy)) {
        throw new ToolException(args.field("trackingStrategy"), "table '" + t.name() + "' already tracks changes with '"
            + t.tracking() + "'; keep '" + t.tracking() + "' (switching would lose the dirty state of unsynced rows)");
      }
      if (t.column("dirtyFields").isPresent() && t.tracking() == null || t.column("dirtyMask").isPresent() && t.tracking() == null) {
        throw new ToolException(field, "table '" + t.name() + "' already has a column named dirtyFields or dirtyMask; rename it first");
      }
      checkBitmapFits(t, strategy, args.field("trackingStrategy"));
      if (t.tracking() == null && !fresh.contains(t.name())) fresh.add(t.name());
      configs.put(t.name(), new SyncSettings.Partial(t.name(), strategy, resolution));
    }
    Manifest next = SyncSetup.ensureSynced(m, names, notes);
    if (!fresh.isEmpty()) next = track(next, fresh, strategy);
    List<SyncSettings.Partial> sorted = new ArrayList<>(configs.values());
    sorted.sort(java.util.Comparator.comparing(SyncSettings.Partial::table));
    if ("merge".equals(resolution) && next.feature(SyncSettings.CONFLICTS).isEmpty()) {
      notes.add("merge keeps the local value of a field changed on both sides unless drift_configure_conflict_resolution gives that field serverWins.");
    }
    return SyncSettings.put(next, SyncSettings.PARTIAL, sorted);
  }

  static void checkBitmapFits(Table t, String strategy, String field) throws ToolException {
    if (Table.COLUMN_BITMAP.equals(strategy) && t.trackedColumns().size() > MAX_BITMAP_COLUMNS) {
      throw new ToolException(field, "table '" + t.name() + "' has more than " + MAX_BITMAP_COLUMNS
          + " columns, more than a bitmap holds; use field-level");
    }
  }

  /** One schema step: the dirty column and the tracking trigger for each table (capture triggers renewed). */
  private static Manifest track(Manifest m, List<String> tables, String strategy) throws ToolException {
    return SchemaSteps.addColumns(m, tables, t -> t.withTracking(strategy), t -> t.dirtyColumn().orElseThrow(),
        t -> List.of(SyncQueries.BEGIN_REMOTE, SyncQueries.dirtyFromQueue(t), SyncQueries.END_REMOTE),
        "partial sync (" + strategy + ") " + String.join(", ", tables));
  }
}
