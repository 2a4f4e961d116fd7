package dev.driftsmith.feature.performance;

import dev.driftsmith.feature.performance.PerformanceSettings.Batch;
import dev.driftsmith.feature.performance.PerformanceSettings.Cache;
import dev.driftsmith.feature.performance.PerformanceSettings.Compression;
import dev.driftsmith.feature.performance.PerformanceSettings.Lazy;
import dev.driftsmith.feature.performance.PerformanceSettings.Pagination;
import dev.driftsmith.generate.Problems;
import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.JsonSchemas;
import dev.driftsmith.tool.NamedManifestTool;
import dev.driftsmith.tool.Tables;
import dev.driftsmith.tool.Tool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Tier 1–2 performance tools: each validates its bounds, records its config and regenerates. */
final class PerformanceTools {
  private PerformanceTools() {}

  static List<Tool> all() {
    return List.copyOf(configures().keySet());
  }

  /** Each tool, with the record its configuration is stored as. */
  static Map<Configure, Class<?>> configures() {
    Map<Configure, Class<?>> out = new LinkedHashMap<>();
    out.put(new ConfigurePagination(), Pagination.class);
    out.put(new ConfigureLazyLoading(), Lazy.class);
    out.put(new ConfigureQueryCache(), Cache.class);
    out.put(new ConfigureBatchOperations(), Batch.class);
    out.put(new ConfigureDataCompression(), Compression.class);
    return out;
  }

  static List<ManifestProblem> validate(Manifest m) {
    Problems problems = new Problems();
    configures().forEach((tool, type) -> tool.validate(m, type, problems));
    return problems.list();
  }

  static int required(Args args, String name, int min, int max) throws ToolException {
    return args.optInt(name, min, max).orElseThrow(() -> new ToolException(args.field(name),
        "is required: a whole number from " + min + " to " + max));
  }

  /** A tool whose parameters all have defaults or are validated in {@link #config}. */
  abstract static class Configure extends NamedManifestTool {
    private final String key;

    Configure(String name, String key, String description) {
      super(name, description);
      this.key = key;
    }

    abstract Object config(Manifest m, Args args, List<String> notes) throws ToolException;

    /** The stored configuration of this tool, as {@code type}, read with the rules of its arguments. */
    void validate(Manifest m, Class<?> type, Problems problems) {
      problems.stored(m, key, type, stored -> config(m, stored, new ArrayList<>()));
    }

    @Override
    protected Manifest change(Manifest m, Args args, Change change) throws ToolException {
    List<String> notes = change.notes();
      Tables.requireSome(m);
      return PerformanceSettings.put(m, key, config(m, args, notes));
    }
  }

  static final class ConfigurePagination extends Configure {
    ConfigurePagination() {
      super("drift_configure_pagination", PerformanceSettings.PAGINATION,
          "Page queries for every table: offset, opaque cursor or keyset (ties broken on the primary key, so no row is skipped or repeated).");
    }

    @Override
    protected void declare(JsonSchemas s) {
      s.required("mode", JsonSchemas.enumOf("offset: LIMIT/OFFSET; cursor: an opaque next-page token; keyset: the last row's key values", List.of("offset", "cursor", "keyset")));
      s.optional("defaultPageSize", JsonSchemas.integer("5–200, default 20"));
      s.optional("maxPageSize", JsonSchemas.integer("10–500, default 100"));
    }

    @Override
    Object config(Manifest m, Args args, List<String> notes) throws ToolException {
      String mode = args.enumValue("mode", List.of("offset", "cursor", "keyset"), null);
      int size = args.optInt("defaultPageSize", 5, 200).orElse(20);
      int max = args.optInt("maxPageSize", 10, 500).orElse(100);
      if (max < size) throw new ToolException(args.field("maxPageSize"), "must be at least defaultPageSize (" + size + ")");
      if ("offset".equals(mode)) notes.add("Offset pages shift when rows are inserted or deleted between pages; keyset pages do not.");
      return new Pagination(mode, size, max);
    }
  }

  static final class ConfigureLazyLoading extends Configure {
    ConfigureLazyLoading() {
      super("drift_configure_lazy_loading", PerformanceSettings.LAZY,
          "A lazily loaded list for each table (for ListView.builder): loads pages as the user scrolls, preloads ahead, keeps loaded pages for a while.");
    }

    @Override
    protected void declare(JsonSchemas s) {
      s.required("enabled", JsonSchemas.bool("generate the lazy list"));
      s.optional("pageSize", JsonSchemas.integer("5–200, default 20"));
      s.optional("cacheForMinutes", JsonSchemas.integer("1–1440: reload loaded pages after this long (default: keep until refresh)"));
      s.optional("preloadDistance", JsonSchemas.integer("0–100 items before the end that trigger the next page, default 5"));
    }

    @Override
    Object config(Manifest m, Args args, List<String> notes) throws ToolException {
      boolean enabled = args.bool("enabled", true);
      if (!args.has("enabled")) throw new ToolException(args.field("enabled"), "is required (true or false)");
      Lazy lazy = new Lazy(enabled, args.optInt("pageSize", 5, 200).orElse(20),
          args.optInt("cacheForMinutes", 1, 1440).orElse(null), args.optInt("preloadDistance", 0, 100).orElse(5));
      if (enabled && m.feature(PerformanceSettings.PAGINATION).isEmpty()) {
        notes.add("Lazy lists load through page queries: keyset pagination is generated with its defaults (drift_configure_pagination changes it).");
      }
      return lazy;
    }
  }

  static final class ConfigureQueryCache extends Configure {
    static final List<String> POLICIES = List.of("lru", "lfu", "fifo", "ttlOnly");

    ConfigureQueryCache() {
      super("drift_configure_query_cache", PerformanceSettings.CACHE,
          "An in-memory cache of query results, invalidated by drift's table-update stream (every write, batch, trigger and sync change), with TTL and LRU/LFU/FIFO eviction.");
    }

    @Override
    protected void declare(JsonSchemas s) {
      s.required("enabled", JsonSchemas.bool("generate the cache"));
      s.optional("maxSize", JsonSchemas.integer("1–10000 cached results, default 100"));
      s.optional("defaultTtlMinutes", JsonSchemas.integer("1–1440, default 5"));
      s.optional("evictionPolicy", JsonSchemas.enumOf("which entry goes when the cache is full (ttlOnly: the one expiring soonest)", POLICIES));
    }

    @Override
    Object config(Manifest m, Args args, List<String> notes) throws ToolException {
      if (!args.has("enabled")) throw new ToolException(args.field("enabled"), "is required (true or false)");
      return new Cache(args.bool("enabled", true), args.optInt("maxSize", 1, 10000).orElse(100),
          args.optInt("defaultTtlMinutes", 1, 1440).orElse(5), args.enumValue("evictionPolicy", POLICIES, "lru"));
    }
  }

  static final class ConfigureBatchOperations extends Configure {
    ConfigureBatchOperations() {
      super("drift_configure_batch_operations", PerformanceSettings.BATCH,
          "Bulk insert, upsert and delete in chunks through drift batches: one transaction for all chunks, or (without a transaction, or with a pause between chunks) one per chunk; stop or go on after a failed chunk.");
    }

    @Override
    protected void declare(JsonSchemas s) {
      s.required("batchSize", JsonSchemas.integer("1–5000 rows per chunk"));
      s.optional("useTransaction", JsonSchemas.bool("all chunks in one transaction, all or nothing (default true); with delayBetweenBatchesMs > 0, each chunk in its own transaction"));
      s.optional("stopOnError", JsonSchemas.bool("stop at the first failed chunk (default true); earlier chunks stay written unless all run in one transaction"));
      s.optional("delayBetweenBatchesMs", JsonSchemas.integer("0–60000 ms pause between chunks, default 0; each chunk then commits before the pause"));
    }

    @Override
    Object config(Manifest m, Args args, List<String> notes) throws ToolException {
      boolean transaction = args.bool("useTransaction", true);
      int delay = args.optInt("delayBetweenBatchesMs", 0, 60000).orElse(0);
      boolean stop = args.bool("stopOnError", true);
      // A transaction held open through the pauses would block every other write for the whole import.
      boolean oneTransaction = transaction && delay == 0;
      if (oneTransaction && !stop) {
        throw new ToolException(args.field("stopOnError"), "in one transaction a failed chunk rolls back everything; "
            + "set useTransaction: false, or a delayBetweenBatchesMs (each chunk then commits on its own), to go on after failures");
      }
      if (transaction && delay > 0) {
        notes.add("With a pause between batches, each batch commits in its own transaction before the pause; "
            + "a failed batch rolls back only itself.");
      }
      return new Batch(required(args, "batchSize", 1, 5000), transaction, stop, delay);
    }
  }

  static final class ConfigureDataCompression extends Configure {
    ConfigureDataCompression() {
      super("drift_configure_data_compression", PerformanceSettings.COMPRESSION,
          "gzip/zlib compression (pure Dart, works on the web) for blobs and for sync request bodies above a size threshold. "
              + "level is a zlib level 1–9 or a name (" + CompressionLevel.mapping() + ").");
    }

    @Override
    protected void declare(JsonSchemas s) {
      s.required("enabled", JsonSchemas.bool("generate the codec"));
      s.optional("algorithm", JsonSchemas.enumOf("default gzip", List.of("gzip", "zlib")));
      s.optional("level", CompressionLevel.schema());
      s.optional("minSizeBytes", JsonSchemas.integer("0–10485760: smaller data is left as it is, default 1024"));
    }

    @Override
    Object config(Manifest m, Args args, List<String> notes) throws ToolException {
      if (!args.has("enabled")) throw new ToolException(args.field("enabled"), "is required (true or false)");
      int level = CompressionLevel.read(args, "level", notes).orElse(CompressionLevel.DEFAULT);
      return new Compression(args.bool("enabled", true), args.enumValue("algorithm", List.of("gzip", "zlib"), "gzip"),
          level, args.optInt("minSizeBytes", 0, 10 * 1024 * 1024).orElse(1024));
    }
  }
}
