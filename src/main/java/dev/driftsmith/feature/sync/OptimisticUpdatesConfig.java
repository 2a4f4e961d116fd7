package dev.driftsmith.feature.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driftsmith.project.FeatureKey;
import dev.driftsmith.project.Manifest;
import java.util.List;
import java.util.Optional;

/**
 * drift_configure_optimistic_updates's settings, under {@code features.optimisticUpdates}.
 * {@code tables} empty means every synced table.
 */
public record OptimisticUpdatesConfig(boolean enabled, int confirmTimeoutSeconds, boolean autoRollbackOnError,
                                      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> tables) {
  public static final FeatureKey<OptimisticUpdatesConfig> KEY = FeatureKey.of("optimisticUpdates", OptimisticUpdatesConfig.class);

  public OptimisticUpdatesConfig {
    tables = tables == null ? List.of() : List.copyOf(tables);
  }

  /** The settings when optimistic updates are on. */
  public static Optional<OptimisticUpdatesConfig> of(Manifest m) {
    return m.get(KEY).filter(OptimisticUpdatesConfig::enabled);
  }
}
