package dev.driftsmith.feature.performance;

import dev.driftsmith.project.FeatureKey;
import dev.driftsmith.project.Manifest;
import java.util.Optional;

/** Configuration of the Tier 1–2 performance tools, one manifest key each. */
public final class PerformanceSettings {
  private PerformanceSettings() {}

  public static final String PAGINATION = "pagination";
  public static final String LAZY = "lazyLoading";
  public static final String CACHE = "queryCache";
  public static final String BATCH = "batchOperations";
  public static final String COMPRESSION = "dataCompression";
  static final FeatureKey<Pagination> PAGINATION_KEY = FeatureKey.of(PAGINATION, Pagination.class);
  static final FeatureKey<Lazy> LAZY_KEY = FeatureKey.of(LAZY, Lazy.class);
  static final FeatureKey<Cache> CACHE_KEY = FeatureKey.of(CACHE, Cache.class);
  static final FeatureKey<Batch> BATCH_KEY = FeatureKey.of(BATCH, Batch.class);
  static final FeatureKey<Compression> COMPRESSION_KEY = FeatureKey.of(COMPRESSION, Compression.class);
  /** Every key under {@code features} that holds a performance setting. */
  public static final java.util.Set<String> KEYS = java.util.Set.of(PAGINATION, LAZY, CACHE, BATCH, COMPRESSION);

  public record Pagination(String mode, int defaultPageSize, int maxPageSize) {
    static Pagination defaults() {
      return new Pagination("keyset", 20, 100);
    }
  }

  public record Lazy(boolean enabled, int pageSize, Integer cacheForMinutes, int preloadDistance) {}

  public record Cache(boolean enabled, int maxSize, int defaultTtlMinutes, String evictionPolicy) {}

  public record Batch(int batchSize, boolean useTransaction, boolean stopOnError, int delayBetweenBatchesMs) {}

  public record Compression(boolean enabled, String algorithm, int level, int minSizeBytes) {}

  /** Pagination as configured; lazy loading brings the default keyset pagination with it. */
  public static Optional<Pagination> pagination(Manifest m) {
    Optional<Pagination> configured = read(m, PAGINATION, Pagination.class);
    if (configured.isPresent()) return configured;
    return lazy(m).filter(Lazy::enabled).map(l -> Pagination.defaults());
  }

  public static Optional<Lazy> lazy(Manifest m) {
    return read(m, LAZY, Lazy.class);
  }

  public static Optional<Cache> cache(Manifest m) {
    return read(m, CACHE, Cache.class).filter(Cache::enabled);
  }

  public static Optional<Batch> batch(Manifest m) {
    return read(m, BATCH, Batch.class);
  }

  public static Optional<Compression> compression(Manifest m) {
    return read(m, COMPRESSION, Compression.class).filter(Compression::enabled);
  }

  static Manifest put(Manifest m, String key, Object config) {
    return m.withFeatureConfig(key, config);
  }

  private static <T> Optional<T> read(Manifest m, String key, Class<T> type) {
    return m.feature(key, type);
  }
}
