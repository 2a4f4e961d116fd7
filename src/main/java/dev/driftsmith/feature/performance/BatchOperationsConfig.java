package dev.driftsmith.feature.performance;

import dev.driftsmith.project.FeatureKey;
import dev.driftsmith.project.Manifest;
import java.util.Optional;

/** drift_configure_batch_operations's settings, under {@code features.batchOperations}: chunk size, transaction, error handling and pacing. */
public record BatchOperationsConfig(int batchSize, boolean useTransaction, boolean stopOnError, int delayBetweenBatchesMs) {
  public static final FeatureKey<BatchOperationsConfig> KEY = FeatureKey.of("batchOperations", BatchOperationsConfig.class);

  public static Optional<BatchOperationsConfig> of(Manifest m) {
    return m.get(KEY);
  }
}
