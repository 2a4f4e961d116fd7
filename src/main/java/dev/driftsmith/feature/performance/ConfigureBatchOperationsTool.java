package dev.driftsmith.feature.performance;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.Param;
import dev.driftsmith.tool.Params;
import dev.driftsmith.tool.Values;
import java.util.List;

/** drift_configure_batch_operations: bulk writes in chunks through drift batches. */
final class ConfigureBatchOperationsTool extends PerformanceTool<BatchOperationsConfig> {
  static final About ABOUT = new About("drift_configure_batch_operations", "Configure batch operations",
      "Bulk insert, upsert and delete in chunks through drift batches, in one transaction or one per chunk.",
      Hints.GENERATES);
  static final Param<Integer> BATCH_SIZE = Param.integer("batchSize", 1, 5000).required();
  static final Param<Boolean> TRANSACTION = Param.bool("useTransaction").orDefault(true)
      .describe("With a delay: one per chunk");
  static final Param<Boolean> STOP_ON_ERROR = Param.bool("stopOnError").orDefault(true);
  static final Param<Integer> DELAY = Param.integer("delayBetweenBatchesMs", 0, 60000).orDefault(0);

  ConfigureBatchOperationsTool() {
    super(ABOUT, BatchOperationsConfig.KEY, Params.of(BATCH_SIZE, TRANSACTION, STOP_ON_ERROR, DELAY));
  }

  @Override
  protected BatchOperationsConfig config(Values v, List<String> notes) throws ToolException {
    boolean transaction = v.get(TRANSACTION);
    int delay = v.get(DELAY);
    boolean stop = v.get(STOP_ON_ERROR);
    // A transaction held open through the pauses would block every other write for the whole import.
    boolean oneTransaction = transaction && delay == 0;
    if (oneTransaction && !stop) {
      throw new ToolException(v.field(STOP_ON_ERROR), "in one transaction a failed chunk rolls back everything; "
          + "set useTransaction: false, or a delayBetweenBatchesMs (each chunk then commits on its own), to go on after failures");
    }
    if (transaction && delay > 0) {
      notes.add("With a pause between batches, each batch commits in its own transaction before the pause; "
          + "a failed batch rolls back only itself.");
    }
    return new BatchOperationsConfig(v.get(BATCH_SIZE), transaction, stop, delay);
  }
}
