package dev.driftsmith.feature.sync;

import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.Param;
import dev.driftsmith.tool.Params;
import dev.driftsmith.tool.Tables;
import dev.driftsmith.tool.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** drift_configure_sync_priority: priority levels for the outbox, promoted by age and deadlines, pushed in parallel per level. */
final class SyncPriorityTool extends SyncConfigTool<SyncPriorityConfig> {
  static final About ABOUT = new About("drift_configure_sync_priority", "Configure sync priorities",
      "Priority levels for the sync queue per table or table.op, promoted by waiting time; levels push in parallel.",
      Hints.GENERATES);
  static final Set<String> OPS = Set.of("insert", "update", "delete");
  /** Calls spell levels in capitals; the manifest stores them in lower case. */
  static final Param<Map<String, PriorityLevel>> PRIORITIES = priorities(
      Param.choiceMap("priorities", PriorityLevel.class, level -> level.name()));
  static final Param<Integer> MAX_CONCURRENT = Param.integer("maxConcurrent", 1, 10).required();
  static final Param<Integer> AGE_PROMOTION = Param.integer("agePromotionMs", 1000, 604_800_000).required()
      .describe("Wait that lifts one level");
  /** The stored form: lower-case levels, and every table named must sync. */
  static final Params STORED = Params.of(priorities(Param.choiceMap("priorities", PriorityLevel.class))
      .check((map, field, v) -> {
        for (String key : map.keySet()) SyncTools.syncedTable(v.manifest(), field + "." + key, key.split("\\.")[0]);
      }), MAX_CONCURRENT, AGE_PROMOTION);

  SyncPriorityTool() {
    super(ABOUT, SyncPriorityConfig.KEY, Params.of(PRIORITIES, MAX_CONCURRENT, AGE_PROMOTION));
  }

  private static Param<Map<String, PriorityLevel>> priorities(Param<Map<String, PriorityLevel>> kind) {
    return kind.required().check((map, field, v) -> {
      if (map.isEmpty()) throw new ToolException(field, "name at least one table, e.g. {\"todos\": \"HIGH\"}");
      for (String key : map.keySet()) {
        String[] parts = key.split("\\.", -1);
        if (parts.length > 2 || (parts.length == 2 && !OPS.contains(parts[1]))) {
          throw new ToolException(field + "." + key, "'" + key + "' must be a table or table.insert|update|delete; every operation the outbox records is a table change");
        }
        Tables.require(v.manifest(), field + "." + key, parts[0]);
      }
    }).describe("table or table.insert|update|delete → level");
  }

  @Override
  protected Manifest change(Manifest m, Values v, Change change) throws ToolException {
    List<String> tables = new ArrayList<>();
    for (String key : v.get(PRIORITIES).keySet()) {
      String table = key.split("\\.")[0];
      if (!tables.contains(table)) tables.add(table);
    }
    return super.change(SyncSetup.ensureSynced(m, tables, change), v, change);
  }

  @Override
  public SyncPriorityConfig readStored(Manifest m, Args stored) throws ToolException {
    return config(STORED.read(stored, m), new ArrayList<>());
  }

  @Override
  protected SyncPriorityConfig config(Values v, List<String> notes) {
    return new SyncPriorityConfig(v.get(PRIORITIES), v.get(MAX_CONCURRENT), v.get(AGE_PROMOTION));
  }
}
