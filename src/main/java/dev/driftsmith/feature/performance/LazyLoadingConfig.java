package dev.driftsmith.feature.performance;

import dev.driftsmith.project.FeatureKey;
import dev.driftsmith.project.Manifest;
import java.util.Optional;

/**
 * drift_configure_lazy_loading's settings, under {@code features.lazyLoading}: page size, how long
 * loaded pages stay cached (null: as long as the list lives), and how close to the end the next page loads.
 */
public record LazyLoadingConfig(boolean enabled, int pageSize, Integer cacheForMinutes, int preloadDistance) {
  public static final FeatureKey<LazyLoadingConfig> KEY = FeatureKey.of("lazyLoading", LazyLoadingConfig.class);

  /** The settings when lazy loading is on. */
  public static Optional<LazyLoadingConfig> of(Manifest m) {
    return m.get(KEY).filter(LazyLoadingConfig::enabled);
  }
}
