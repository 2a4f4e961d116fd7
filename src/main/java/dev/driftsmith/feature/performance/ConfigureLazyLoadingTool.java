package dev.driftsmith.feature.performance;

import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.Param;
import dev.driftsmith.tool.Params;
import dev.driftsmith.tool.Values;
import java.util.List;

/** drift_configure_lazy_loading: a list per table that loads pages as the user scrolls. */
final class ConfigureLazyLoadingTool extends PerformanceTool<LazyLoadingConfig> {
  static final About ABOUT = new About("drift_configure_lazy_loading", "Configure lazy loading",
      "A lazily loaded list per table for ListView.builder: pages load as the user scrolls.",
      Hints.GENERATES);
  static final Param<Boolean> ENABLED = Param.bool("enabled").required();
  static final Param<Integer> PAGE_SIZE = Param.integer("pageSize", 5, 200).orDefault(20);
  static final Param<Integer> CACHE_MINUTES = Param.integer("cacheForMinutes", 1, 1440)
      .describe("Default: until refresh");
  static final Param<Integer> PRELOAD = Param.integer("preloadDistance", 0, 100).orDefault(5);

  ConfigureLazyLoadingTool() {
    super(ABOUT, LazyLoadingConfig.KEY, Params.of(ENABLED, PAGE_SIZE, CACHE_MINUTES, PRELOAD));
  }

  @Override
  protected LazyLoadingConfig config(Values v, List<String> notes) {
    LazyLoadingConfig lazy = new LazyLoadingConfig(v.get(ENABLED), v.get(PAGE_SIZE), v.get(CACHE_MINUTES), v.get(PRELOAD));
    if (lazy.enabled() && v.manifest().feature(PaginationConfig.KEY.name()).isEmpty()) {
      notes.add("Lazy lists load through page queries: keyset pagination is generated with its defaults (drift_configure_pagination changes it).");
    }
    return lazy;
  }
}
