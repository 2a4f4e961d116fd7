package dev.driftsmith.feature.sync;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.FeatureKeys;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.ConfigTool;
import dev.driftsmith.tool.Param;
import dev.driftsmith.tool.Tables;
import dev.driftsmith.tool.Tool;
import java.util.ArrayList;
import java.util.List;

/** The sync layer's tools, and what they share: enabling sync, and the synced-table parameter kinds. */
final class SyncTools {
  private SyncTools() {}

  /** The tools that store one configuration record each; a stored one is checked with its tool's declarations. */
  static final List<ConfigTool<?>> CONFIGURES = List.of(new ConfigureConflictResolutionTool(),
      new ConfigureBackgroundSyncTool(), new ConfigureRetryPolicyTool(), new ConfigureOfflineIndicatorTool(),
      new ConfigureOptimisticUpdatesTool(), new SyncPriorityTool());

  static List<Tool> all() {
    List<Tool> tools = new ArrayList<>();
    tools.add(new EnableSyncTool());
    tools.addAll(CONFIGURES);
    tools.add(new PartialSyncTool());
    return List.copyOf(tools);
  }

  /** Names of tables that already sync, read as those tables. */
  static Param<List<Table>> syncedTables(String name) {
    return Param.tables(name).check((tables, field, v) -> {
      for (int i = 0; i < tables.size(); i++) syncedTable(v.manifest(), field + "[" + i + "]", tables.get(i).name());
    });
  }

  /**
   * Makes {@code names} synced tables: the schema step that creates the outbox (the first time), the
   * capture triggers and the queueing of the rows already stored comes from the computed schema,
   * proven on SQLite like every step.
   */
  static Manifest enable(Manifest m, List<String> names, Change change) throws ToolException {
    Manifest next = m.with(FeatureKeys.SYNC, SyncSettings.sync(m).withTables(names));
    return change.record(m, next, "sync " + String.join(", ", names));
  }

  /** Called by the configure tools: a project without sync gets it for every table, and is told so. */
  static Manifest ensureEnabled(Manifest m, Change change) throws ToolException {
    Tables.requireSome(m);
    if (SyncSettings.enabled(m)) return m;
    List<String> all = m.schema().tables().stream().map(Table::name).toList();
    change.note("Sync was not enabled: enabled it for every table (" + String.join(", ", all)
        + "). Use drift_enable_sync to choose tables.");
    return enable(m, all, change);
  }

  /** The named table, which must already sync. */
  static Table syncedTable(Manifest m, String field, String name) throws ToolException {
    Table t = Tables.require(m, field, name);
    if (!SyncSettings.syncs(m, name)) throw new ToolException(field, "table '" + name + "' does not sync; add it with drift_enable_sync first");
    return t;
  }
}
