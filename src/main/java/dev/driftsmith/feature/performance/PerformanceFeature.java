package dev.driftsmith.feature.performance;

import dev.driftsmith.generate.Feature;
import dev.driftsmith.generate.FeatureTemplate;
import dev.driftsmith.generate.Problems;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.DataCompressionConfig;
import dev.driftsmith.project.keys.FeatureKeys;
import dev.driftsmith.render.TemplateSpec;
import dev.driftsmith.schema.SchemaSteps;
import dev.driftsmith.tool.ConfigTool;
import dev.driftsmith.tool.Tool;
import dev.driftsmith.tool.ToolProvider;
import dev.driftsmith.workspace.Pin;
import dev.driftsmith.workspace.Pubspec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** PaginationConfig, lazy lists, the query cache, batch writes and compression: one file each, from the manifest. */
public final class PerformanceFeature implements Feature, ToolProvider {
  static final TemplateSpec PAGINATION = TemplateSpec.of("performance.pagination", "Pagination",
      "performance/pagination.dart", "lib/data/pagination",
      "Page queries for every table with a single primary key (offset, cursor or keyset).");
  static final TemplateSpec LAZY = TemplateSpec.of("performance.lazy", "Lazy list", "performance/lazy_list.dart", "lib/data/pagination",
      "A ChangeNotifier list that loads pages while the user scrolls.");
  static final TemplateSpec CACHE = TemplateSpec.of("performance.cache", "Query cache", "performance/query_cache.dart", "lib/data/cache",
      "Cached query results invalidated by drift's table updates, with TTL and eviction.");
  static final TemplateSpec BATCH = TemplateSpec.of("performance.batch", "Batch writer", "performance/batch_writer.dart", "lib/data/batch",
      "Chunked bulk inserts, upserts and deletes through drift batches.");
  static final TemplateSpec COMPRESSION = TemplateSpec.of("performance.compression", "Data compression",
      "performance/data_compression.dart", "lib/data/compression",
      "gzip/zlib in pure Dart (web included) for blobs and sync request bodies.");

  /** pagination.dart: the page classes of every table that can be paged, in the configured mode. */
  record PaginationContext(String packageName, PaginationConfig pagination, boolean offset, boolean cursor, List<PagedTable> tables) {}

  /**
   * One table's page class: its page queries, the order they read in (for the doc comment) and the
   * SQL names of the key columns a keyset token holds.
   */
  record PagedTable(String name, String className, String dataClass, String getter, String order,
                    String offsetPage, String firstPage, String pageAfter, List<String> keys) {}

  record LazyContext(String packageName, LazyLoadingConfig lazy) {}

  record CacheContext(QueryCacheConfig cache) {}

  record BatchContext(BatchOperationsConfig batch) {}

  record CompressionContext(DataCompressionConfig compression) {}

  static final List<FeatureTemplate> TEMPLATES = List.of(
      FeatureTemplate.whenPresent(PAGINATION, in -> PaginationConfig.of(in.manifest()),
          (in, p) -> paginationContext(in.manifest(), p)),
      FeatureTemplate.whenPresent(LAZY, in -> LazyLoadingConfig.of(in.manifest()),
          (in, lazy) -> new LazyContext(in.manifest().project().name(), lazy)),
      FeatureTemplate.whenPresent(CACHE, in -> QueryCacheConfig.of(in.manifest()), (in, cache) -> new CacheContext(cache)),
      FeatureTemplate.whenPresent(BATCH, in -> BatchOperationsConfig.of(in.manifest()), (in, batch) -> new BatchContext(batch)),
      FeatureTemplate.whenPresent(COMPRESSION, in -> compression(in.manifest()),
          (in, compression) -> new CompressionContext(compression)));

  /** Every key under {@code features} that holds a performance setting. */
  static final Set<String> KEYS = Set.of(PaginationConfig.KEY.name(), LazyLoadingConfig.KEY.name(), QueryCacheConfig.KEY.name(),
      BatchOperationsConfig.KEY.name(), FeatureKeys.DATA_COMPRESSION.name());

  /** The tools, each storing one configuration record; a stored one is checked with its tool's declarations. */
  private static final List<ConfigTool<?>> TOOLS = List.of(new ConfigurePaginationTool(), new ConfigureLazyLoadingTool(),
      new ConfigureQueryCacheTool(), new ConfigureBatchOperationsTool(), new ConfigureDataCompressionTool());

  @Override
  public String id() {
    return "performance";
  }

  @Override
  public List<FeatureTemplate> fileTemplates() {
    return TEMPLATES;
  }

  @Override
  public List<Tool> tools() {
    return List.copyOf(TOOLS);
  }

  @Override
  public Set<String> configKeys() {
    return KEYS;
  }

  @Override
  public List<ManifestProblem> validate(Manifest manifest, SchemaSteps steps) {
    Problems problems = new Problems();
    TOOLS.forEach(tool -> tool.validate(manifest, problems));
    return problems.list();
  }

  @Override
  public List<Pubspec.Dependency> dependencies(Manifest manifest) {
    return compression(manifest).isPresent()
        ? List.of(Pin.ARCHIVE.dependency()) : List.of();
  }

  /** Data compression when it is on. */
  static Optional<DataCompressionConfig> compression(Manifest m) {
    return m.get(FeatureKeys.DATA_COMPRESSION).filter(DataCompressionConfig::enabled);
  }

  static PaginationContext paginationContext(Manifest m, PaginationConfig p) {
    List<PagedTable> tables = new ArrayList<>();
    for (Table t : m.schema().tables()) {
      PageQueries q = PageQueries.of(t);
      if (q == null) continue;
      String order = String.join(", ", q.keyNames()) + (q.descending() ? " descending" : " ascending");
      tables.add(new PagedTable(t.name(), t.className(), t.dataClassName(), t.dartGetter(), order,
          q.offsetPage(), q.firstPage(), q.pageAfter(), q.keyNames()));
    }
    return new PaginationContext(m.project().name(), p, p.mode() == PaginationMode.OFFSET, p.mode() == PaginationMode.CURSOR, tables);
  }
}
