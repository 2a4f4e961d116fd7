package dev.driftsmith.feature.performance;

import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.Param;
import dev.driftsmith.tool.Params;
import dev.driftsmith.tool.Values;
import java.util.List;

/** drift_configure_query_cache: query results cached in memory, invalidated by drift's table updates. */
final class ConfigureQueryCacheTool extends PerformanceTool<QueryCacheConfig> {
  static final About ABOUT = new About("drift_configure_query_cache", "Configure the query cache",
      "An in-memory cache of query results with TTL and eviction, invalidated by every write.",
      Hints.GENERATES);
  static final Param<Boolean> ENABLED = Param.bool("enabled").required();
  static final Param<Integer> MAX_SIZE = Param.integer("maxSize", 1, 10000).orDefault(100);
  static final Param<Integer> TTL = Param.integer("defaultTtlMinutes", 1, 1440).orDefault(5);
  static final Param<CacheEviction> EVICTION = Param.choice("evictionPolicy", CacheEviction.class).orDefault(CacheEviction.LRU);

  ConfigureQueryCacheTool() {
    super(ABOUT, QueryCacheConfig.KEY, Params.of(ENABLED, MAX_SIZE, TTL, EVICTION));
  }

  @Override
  protected QueryCacheConfig config(Values v, List<String> notes) {
    return new QueryCacheConfig(v.get(ENABLED), v.get(MAX_SIZE), v.get(TTL), v.get(EVICTION));
  }
}
