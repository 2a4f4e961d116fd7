package dev.driftsmith.feature.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driftsmith.project.FeatureKey;
import dev.driftsmith.project.Manifest;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * drift_configure_offline_indicator's settings, under {@code features.offlineIndicator}: what the
 * widget shows, where its banner sits, and the texts that replace its defaults.
 */
public record OfflineIndicatorConfig(boolean showBanner, boolean showSyncProgress, BannerPosition bannerPosition,
                                     @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> customMessages) {
  public static final FeatureKey<OfflineIndicatorConfig> KEY = FeatureKey.of("offlineIndicator", OfflineIndicatorConfig.class);

  public OfflineIndicatorConfig {
    customMessages = customMessages == null ? Map.of() : new TreeMap<>(customMessages);
  }

  public static Optional<OfflineIndicatorConfig> of(Manifest m) {
    return m.get(KEY);
  }
}
