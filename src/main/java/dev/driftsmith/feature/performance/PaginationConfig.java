package dev.driftsmith.feature.performance;

import dev.driftsmith.project.FeatureKey;
import dev.driftsmith.project.Manifest;
import java.util.Optional;

/** drift_configure_pagination's settings, under {@code features.pagination}: how page queries find the next page, and page sizes. */
public record PaginationConfig(PaginationMode mode, int defaultPageSize, int maxPageSize) {
  public static final FeatureKey<PaginationConfig> KEY = FeatureKey.of("pagination", PaginationConfig.class);
  static final PaginationConfig DEFAULTS = new PaginationConfig(PaginationMode.KEYSET, 20, 100);

  /** Pagination as configured; lazy loading brings the default keyset pagination with it. */
  public static Optional<PaginationConfig> of(Manifest m) {
    Optional<PaginationConfig> configured = m.get(KEY);
    if (configured.isPresent()) return configured;
    return LazyLoadingConfig.of(m).map(lazy -> DEFAULTS);
  }
}
