package dev.driftsmith.feature.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driftsmith.project.FeatureKey;
import dev.driftsmith.project.Manifest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A repository requested with drift_generate_repository; stored in the manifest under
 * {@code features.repositories}, one entry per table, sorted by table. {@code operations} are kept in
 * the order {@link RepositoryOperation} declares them, so the order of the request never changes the manifest.
 */
public record RepositoryConfig(String table, List<RepositoryOperation> operations, boolean includeCache,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Integer cacheTTL) {
  public static final FeatureKey<List<RepositoryConfig>> KEY = FeatureKey.listOf("repositories", RepositoryConfig.class);
  public static final int DEFAULT_TTL_SECONDS = 300;

  public RepositoryConfig {
    operations = operations == null ? List.of() : operations.stream().distinct().sorted().toList();
    if (!includeCache) cacheTTL = null;
    else if (cacheTTL == null) cacheTTL = DEFAULT_TTL_SECONDS;
  }

  public boolean has(RepositoryOperation operation) {
    return operations.contains(operation);
  }

  public static List<RepositoryConfig> all(Manifest manifest) {
    return manifest.get(KEY).orElse(List.of());
  }

  /** Adds {@code repository}, replacing the one of the same table. */
  public static Manifest put(Manifest manifest, RepositoryConfig repository) {
    List<RepositoryConfig> repositories = new ArrayList<>(all(manifest));
    repositories.removeIf(r -> r.table().equals(repository.table()));
    repositories.add(repository);
    repositories.sort(Comparator.comparing(RepositoryConfig::table));
    return manifest.with(KEY, repositories);
  }
}
