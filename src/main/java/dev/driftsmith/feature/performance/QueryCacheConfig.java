package dev.driftsmith.feature.performance;

import dev.driftsmith.project.FeatureKey;
import dev.driftsmith.project.Manifest;
import java.util.Optional;

/** drift_configure_query_cache's settings, under {@code features.queryCache}: its size, the time results live, and which goes when it is full. */
public record QueryCacheConfig(boolean enabled, int maxSize, int defaultTtlMinutes, CacheEviction evictionPolicy) {
  public static final FeatureKey<QueryCacheConfig> KEY = FeatureKey.of("queryCache", QueryCacheConfig.class);

  /** The settings when the cache is on. */
  public static Optional<QueryCacheConfig> of(Manifest m) {
    return m.get(KEY).filter(QueryCacheConfig::enabled);
  }
}
