package dev.driftsmith.feature.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driftsmith.project.FeatureKey;
import dev.driftsmith.project.Manifest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * drift_configure_background_sync's settings, under {@code features.backgroundSync}: when sync runs,
 * how much it pushes at once, and which tables go first. Never configured: {@link #DEFAULTS}.
 */
public record BackgroundSyncConfig(int intervalSeconds, int maxRetries, int batchSize, boolean syncOnConnect,
                                   @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> priorityTables) {
  public static final FeatureKey<BackgroundSyncConfig> KEY = FeatureKey.of("backgroundSync", BackgroundSyncConfig.class);
  static final BackgroundSyncConfig DEFAULTS = new BackgroundSyncConfig(60, 3, 50, true, List.of());

  public BackgroundSyncConfig {
    priorityTables = priorityTables == null ? List.of() : List.copyOf(priorityTables);
  }

  public static BackgroundSyncConfig of(Manifest m) {
    return m.get(KEY).orElse(DEFAULTS);
  }

  /** Dequeue priority of each table: the first of priorityTables ranks highest. */
  public Map<String, Integer> tablePriorities() {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (int i = 0; i < priorityTables.size(); i++) out.put(priorityTables.get(i), (priorityTables.size() - i) * 100);
    return out;
  }
}
