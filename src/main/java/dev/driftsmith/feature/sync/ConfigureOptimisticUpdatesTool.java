package dev.driftsmith.feature.sync;

import dev.driftsmith.project.Table;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.Param;
import dev.driftsmith.tool.Params;
import dev.driftsmith.tool.Values;
import java.util.List;

/** drift_configure_optimistic_updates: local changes shown at once, rolled back when the server rejects them. */
final class ConfigureOptimisticUpdatesTool extends SyncConfigTool<OptimisticUpdatesConfig> {
  static final About ABOUT = new About("drift_configure_optimistic_updates", "Configure optimistic updates",
      "Show local changes at once; roll back a change the server rejects.",
      Hints.GENERATES);
  static final Param<Boolean> ENABLED = Param.bool("enabled").required();
  static final Param<Integer> TIMEOUT = Param.integer("confirmTimeoutSeconds", 5, 120).orDefault(30);
  static final Param<Boolean> ROLLBACK = Param.bool("autoRollbackOnError").orDefault(true);
  static final Param<List<Table>> TABLES = SyncTools.syncedTables("tables");

  ConfigureOptimisticUpdatesTool() {
    super(ABOUT, OptimisticUpdatesConfig.KEY, Params.of(ENABLED, TIMEOUT, ROLLBACK, TABLES));
  }

  @Override
  protected OptimisticUpdatesConfig config(Values v, List<String> notes) {
    List<String> tables = v.optional(TABLES).orElse(List.of()).stream().map(Table::name).distinct().sorted().toList();
    return new OptimisticUpdatesConfig(v.get(ENABLED), v.get(TIMEOUT), v.get(ROLLBACK), tables);
  }
}
