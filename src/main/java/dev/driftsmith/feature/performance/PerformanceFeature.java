package dev.driftsmith.feature.performance;

import dev.driftsmith.feature.performance.PerformanceSettings.Pagination;
import dev.driftsmith.generate.Feature;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.project.Table;
import dev.driftsmith.render.DartCode;
import dev.driftsmith.render.Renderer;
import dev.driftsmith.render.TemplateSpec;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.schema.SchemaSteps;
import dev.driftsmith.generate.Problems;
import dev.driftsmith.tool.ConfigTool;
import dev.driftsmith.tool.Tool;
import dev.driftsmith.tool.ToolProvider;
import dev.driftsmith.workspace.GeneratedFile;
import dev.driftsmith.workspace.Pin;
import dev.driftsmith.workspace.Pubspec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Pagination, lazy lists, the query cache, batch writes and compression: one file each, from the manifest. */
public final class PerformanceFeature implements Feature, ToolProvider {
  static final TemplateSpec PAGINATION = new TemplateSpec("performance.pagination", "Pagination",
      "Page queries for every table with a single primary key (offset, cursor or keyset).",
      "performance/pagination.dart", "lib/data/pagination", "pagination", "dart");
  static final TemplateSpec LAZY = new TemplateSpec("performance.lazy", "Lazy list",
      "A ChangeNotifier list that loads pages while the user scrolls.",
      "performance/lazy_list.dart", "lib/data/pagination", "lazy_list", "dart");
  static final TemplateSpec CACHE = new TemplateSpec("performance.cache", "Query cache",
      "Cached query results invalidated by drift's table updates, with TTL and eviction.",
      "performance/query_cache.dart", "lib/data/cache", "query_cache", "dart");
  static final TemplateSpec BATCH = new TemplateSpec("performance.batch", "Batch writer",
      "Chunked bulk inserts, upserts and deletes through drift batches.",
      "performance/batch_writer.dart", "lib/data/batch", "batch_writer", "dart");
  static final TemplateSpec COMPRESSION = new TemplateSpec("performance.compression", "Data compression",
      "gzip/zlib in pure Dart (web included) for blobs and sync request bodies.",
      "performance/data_compression.dart", "lib/data/compression", "data_compression", "dart");

  /** The tools, each storing one configuration record; a stored one is checked with its tool's declarations. */
  private static final List<ConfigTool<?>> TOOLS = List.of(new ConfigurePaginationTool(), new ConfigureLazyLoadingTool(),
      new ConfigureQueryCacheTool(), new ConfigureBatchOperationsTool(), new ConfigureDataCompressionTool());

  @Override
  public String id() {
    return "performance";
  }

  @Override
  public List<TemplateSpec> templates() {
    return List.of(PAGINATION, LAZY, CACHE, BATCH, COMPRESSION);
  }

  @Override
  public List<Tool> tools() {
    return List.copyOf(TOOLS);
  }

  @Override
  public Set<String> configKeys() {
    return PerformanceSettings.KEYS;
  }

  @Override
  public List<ManifestProblem> validate(Manifest manifest, SchemaSteps steps) {
    Problems problems = new Problems();
    TOOLS.forEach(tool -> tool.validate(manifest, problems));
    return problems.list();
  }

  @Override
  public List<Pubspec.Dependency> dependencies(Manifest manifest) {
    return PerformanceSettings.compression(manifest).isPresent()
        ? List.of(Pin.ARCHIVE.dependency()) : List.of();
  }

  @Override
  public List<GeneratedFile> render(Manifest m, DatabaseSchema schema, Renderer renderer) {
    List<GeneratedFile> files = new ArrayList<>();
    String pkg = m.project().name();
    PerformanceSettings.pagination(m).ifPresent(p -> files.add(managed(renderer, PAGINATION, paginationContext(m, p))));
    PerformanceSettings.lazy(m).filter(PerformanceSettings.Lazy::enabled)
        .ifPresent(l -> files.add(managed(renderer, LAZY, Map.of("package", pkg, "lazy", l))));
    PerformanceSettings.cache(m).ifPresent(c -> files.add(managed(renderer, CACHE, Map.of("cache", c))));
    PerformanceSettings.batch(m).ifPresent(b -> files.add(managed(renderer, BATCH, Map.of("batch", b))));
    PerformanceSettings.compression(m).ifPresent(c -> files.add(managed(renderer, COMPRESSION, Map.of("compression", c))));
    return files;
  }

  static Map<String, Object> paginationContext(Manifest m, Pagination p) {
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("package", m.project().name());
    ctx.put("pagination", p);
    ctx.put("offset", "offset".equals(p.mode()));
    ctx.put("cursor", "cursor".equals(p.mode()));
    List<Map<String, Object>> tables = new ArrayList<>();
    for (Table t : m.schema().tables()) {
      PageQueries q = PageQueries.of(t);
      if (q == null) continue;
      Map<String, Object> table = new LinkedHashMap<>();
      table.put("className", t.className());
      table.put("dataClass", t.dataClassName());
      table.put("getter", t.dartGetter());
      table.put("name", t.name());
      table.put("order", String.join(", ", q.keyNames()) + (q.descending() ? " descending" : " ascending"));
      table.put("offsetPage", DartCode.string(q.offsetPage()));
      table.put("firstPage", DartCode.string(q.firstPage()));
      table.put("pageAfter", DartCode.string(q.pageAfter()));
      table.put("keys", q.keyNames().stream().map(DartCode::string).toList());
      tables.add(table);
    }
    ctx.put("tables", tables);
    return ctx;
  }
}
