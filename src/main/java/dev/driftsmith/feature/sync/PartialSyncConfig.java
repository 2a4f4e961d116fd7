package dev.driftsmith.feature.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driftsmith.project.FeatureKey;
import dev.driftsmith.project.Manifest;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One entry of drift_enable_partial_sync's settings, under {@code features.partialSync}: a table
 * whose updates travel as deltas, and how server deltas merge. {@code bits} are the bit positions a
 * column bitmap recorded when tracking began; columns added since take the next ones.
 */
public record PartialSyncConfig(String table, Tracking trackingStrategy, PartialResolution conflictResolution,
                                @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Integer> bits) {
  public static final FeatureKey<List<PartialSyncConfig>> KEY = FeatureKey.listOf("partialSync", PartialSyncConfig.class);

  public PartialSyncConfig {
    bits = bits == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(bits));
  }

  public static List<PartialSyncConfig> all(Manifest m) {
    return m.get(KEY).orElse(List.of());
  }

  public static Optional<PartialSyncConfig> of(Manifest m, String table) {
    return all(m).stream().filter(p -> p.table().equals(table)).findFirst();
  }
}
