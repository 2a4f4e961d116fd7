package dev.driftsmith.feature.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driftsmith.project.FeatureKey;
import dev.driftsmith.project.Manifest;
import java.util.Map;
import java.util.TreeMap;

/**
 * drift_configure_conflict_resolution's settings, under {@code features.conflictResolution}: the
 * strategy for every record, per table ({@code tableStrategies}) and, when records merge, per
 * {@code table.column} ({@code fieldStrategies}). Never configured: the server wins.
 */
public record ConflictResolutionConfig(ConflictStrategy strategy,
                                       @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, ConflictStrategy> tableStrategies,
                                       @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, FieldStrategy> fieldStrategies) {
  public static final FeatureKey<ConflictResolutionConfig> KEY = FeatureKey.of("conflictResolution", ConflictResolutionConfig.class);
  static final ConflictResolutionConfig DEFAULTS = new ConflictResolutionConfig(ConflictStrategy.SERVER_WINS, Map.of(), Map.of());

  public ConflictResolutionConfig {
    tableStrategies = tableStrategies == null ? Map.of() : new TreeMap<>(tableStrategies);
    fieldStrategies = fieldStrategies == null ? Map.of() : new TreeMap<>(fieldStrategies);
  }

  public static ConflictResolutionConfig of(Manifest m) {
    return m.get(KEY).orElse(DEFAULTS);
  }

  /** Whether {@code strategy} settles some records: as the strategy of all, or of a table. */
  boolean uses(ConflictStrategy used) {
    return strategy == used || tableStrategies.containsValue(used);
  }
}
