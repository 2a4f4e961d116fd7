package dev.driftsmith.feature.sync;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.Param;
import dev.driftsmith.tool.Params;
import dev.driftsmith.tool.Values;
import java.util.List;

/**
 * drift_configure_background_sync: when sync runs. A setting left out keeps its current value (the
 * schema's default is the value before any was set).
 */
final class ConfigureBackgroundSyncTool extends SyncConfigTool<BackgroundSyncConfig> {
  static final About ABOUT = new About("drift_configure_background_sync", "Configure background sync",
      "When sync runs (interval, reconnect, resume, on demand), batch size, retry limit and tables pushed first.",
      Hints.GENERATES);
  private static final BackgroundSyncConfig DEFAULTS = BackgroundSyncConfig.DEFAULTS;
  static final Param<Integer> INTERVAL = Param.integer("intervalSeconds", 10, 3600).orDefault(DEFAULTS.intervalSeconds());
  static final Param<Integer> MAX_RETRIES = Param.integer("maxRetries", 1, 10).orDefault(DEFAULTS.maxRetries());
  static final Param<Integer> BATCH_SIZE = Param.integer("batchSize", 1, 500).orDefault(DEFAULTS.batchSize());
  static final Param<Boolean> ON_CONNECT = Param.bool("syncOnConnect").orDefault(DEFAULTS.syncOnConnect());
  static final Param<List<Table>> PRIORITY_TABLES = SyncTools.syncedTables("priorityTables").distinct()
      .describe("Pushed first, in order");

  ConfigureBackgroundSyncTool() {
    super(ABOUT, BackgroundSyncConfig.KEY, Params.of(INTERVAL, MAX_RETRIES, BATCH_SIZE, ON_CONNECT, PRIORITY_TABLES));
  }

  /**
   * The note is for a call only: a stored configuration is read while the manifest is checked, when
   * the retry policy it names may itself be the hand edit being refused.
   */
  @Override
  protected Manifest change(Manifest current, Values v, Change change) throws ToolException {
    if (v.manifest().feature(RetryPolicyConfig.KEY.name()).isPresent() && v.sent(MAX_RETRIES)) {
      change.note("A retry policy is configured: its maxRetries (" + RetryPolicyConfig.of(v.manifest()).maxRetries()
          + ") decides when an operation becomes a dead letter.");
    }
    return super.change(current, v, change);
  }

  @Override
  protected BackgroundSyncConfig config(Values v, List<String> notes) {
    BackgroundSyncConfig current = BackgroundSyncConfig.of(v.manifest());
    List<String> priority = v.sent(PRIORITY_TABLES) ? v.get(PRIORITY_TABLES).stream().map(Table::name).toList()
        : current.priorityTables();
    return new BackgroundSyncConfig(v.sentOr(INTERVAL, current.intervalSeconds()), v.sentOr(MAX_RETRIES, current.maxRetries()),
        v.sentOr(BATCH_SIZE, current.batchSize()), v.sentOr(ON_CONNECT, current.syncOnConnect()), priority);
  }
}
