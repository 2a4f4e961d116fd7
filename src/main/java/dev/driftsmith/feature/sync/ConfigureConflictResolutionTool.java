package dev.driftsmith.feature.sync;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.Table;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.Param;
import dev.driftsmith.tool.Params;
import dev.driftsmith.tool.Values;
import java.util.List;
import java.util.Map;

/** drift_configure_conflict_resolution: how sync settles a record changed on both sides. */
final class ConfigureConflictResolutionTool extends SyncConfigTool<ConflictResolutionConfig> {
  static final About ABOUT = new About("drift_configure_conflict_resolution", "Configure conflict resolution",
      "How sync settles a record changed here and on the server, per table and per field.",
      Hints.GENERATES);
  static final Param<ConflictStrategy> STRATEGY = Param.choice("strategy", ConflictStrategy.class).required();
  static final Param<Map<String, ConflictStrategy>> TABLE_STRATEGIES = Param.choiceMap("tableStrategies", ConflictStrategy.class)
      .check((map, field, v) -> {
        for (String table : map.keySet()) SyncTools.syncedTable(v.manifest(), field + "." + table, table);
      });
  static final Param<Map<String, FieldStrategy>> FIELD_STRATEGIES = Param.choiceMap("fieldStrategies", FieldStrategy.class)
      .check((map, field, v) -> {
        for (String key : map.keySet()) checkField(v, field + "." + key, key);
      })
      .describe("table.column → winner when merging");

  ConfigureConflictResolutionTool() {
    super(ABOUT, ConflictResolutionConfig.KEY, Params.of(STRATEGY, TABLE_STRATEGIES, FIELD_STRATEGIES));
  }

  private static void checkField(Values v, String field, String key) throws ToolException {
    String[] parts = key.split("\\.", -1);
    if (parts.length != 2) throw new ToolException(field, "key '" + key + "' must be table.column, e.g. notes.title");
    Table t = v.manifest().schema().table(parts[0]).orElseThrow(() -> new ToolException(field, "no table '" + parts[0] + "'"));
    if (t.column(parts[1]).isEmpty()) {
      throw new ToolException(field, "table '" + parts[0] + "' has no column '" + parts[1] + "'; columns: "
          + t.allColumns().stream().map(Column::name).toList());
    }
  }

  @Override
  protected ConflictResolutionConfig config(Values v, List<String> notes) {
    ConflictResolutionConfig config = new ConflictResolutionConfig(v.get(STRATEGY), v.get(TABLE_STRATEGIES), v.get(FIELD_STRATEGIES));
    if (!config.fieldStrategies().isEmpty() && !config.uses(ConflictStrategy.MERGE)) {
      notes.add("fieldStrategies apply when records are merged: use strategy 'merge' (here or in tableStrategies) for them to take effect.");
    }
    if (config.uses(ConflictStrategy.MANUAL)) {
      notes.add("Manual conflicts wait in the sync_conflicts table: list them with SyncEngine.openConflicts() and settle each with resolveConflict().");
    }
    return config;
  }
}
