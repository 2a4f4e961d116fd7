package dev.driftsmith.feature.sync;

import dev.driftsmith.project.FeatureKey;
import dev.driftsmith.project.Manifest;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * drift_configure_sync_priority's settings, under {@code features.syncPriority}: {@code priorities}
 * maps a table or {@code table.op} to its level; the age that lifts an operation one level, and how
 * many levels push at once.
 */
public record SyncPriorityConfig(Map<String, PriorityLevel> priorities, int maxConcurrent, long agePromotionMs) {
  public static final FeatureKey<SyncPriorityConfig> KEY = FeatureKey.of("syncPriority", SyncPriorityConfig.class);
  /** Nothing configured: every operation is normal, one level pushes at a time. */
  static final SyncPriorityConfig NONE = new SyncPriorityConfig(Map.of(), 1, 0);

  public SyncPriorityConfig {
    priorities = priorities == null ? Map.of() : new TreeMap<>(priorities);
  }

  public static Optional<SyncPriorityConfig> of(Manifest m) {
    return m.get(KEY);
  }

  /** The dequeue rules of the configured priorities (none: every operation is normal). */
  public static SyncQueries.PriorityRules rules(Manifest m) {
    return of(m).map(p -> {
      // A level's rank in the dequeue order is its position among the levels, lowest first.
      Map<String, Integer> levels = new TreeMap<>();
      p.priorities().forEach((key, level) -> levels.put(key, level.ordinal()));
      return new SyncQueries.PriorityRules(levels, p.agePromotionMs());
    }).orElse(SyncQueries.PriorityRules.NONE);
  }
}
