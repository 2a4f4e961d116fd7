package dev.driftsmith.feature.sync;

import dev.driftsmith.feature.sync.OutboxSql;
import dev.driftsmith.feature.sync.SyncSettings.Background;
import dev.driftsmith.feature.sync.SyncSettings.Conflicts;
import dev.driftsmith.feature.sync.SyncSettings.Retry;
import dev.driftsmith.input.Args;
import dev.driftsmith.input.TextSize;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.FeatureKeys;
import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.JsonSchemas;
import dev.driftsmith.tool.NamedManifestTool;
import dev.driftsmith.tool.Tables;
import dev.driftsmith.tool.Tool;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The MCP tools of the sync layer. Each records its config in the manifest; the feature renders. */
final class SyncTools {
  private SyncTools() {}

  static List<Tool> all() {
    return List.of(new EnableSync(), new ConflictResolution(), new BackgroundSync(), new RetryPolicy(),
        new OfflineIndicator(), new OptimisticUpdates(), new SyncPriorityTool(),
        new PartialSyncTool());
  }


  /**
   * Makes {@code names} synced tables: the schema step that creates the outbox (the first time), the
   * capture triggers and the queueing of the rows already stored comes from the computed schema,
   * proven on SQLite like every step.
   */
  static Manifest enable(Manifest m, List<String> names, Change change) throws ToolException {
    Manifest next = m.with(FeatureKeys.SYNC, SyncSettings.sync(m).withTables(names));
    return change.record(m, next, "sync " + String.join(", ", names));
  }

  /** Called by the configure tools: a project without sync gets it for every table, and is told so. */
  static Manifest ensureEnabled(Manifest m, Change change) throws ToolException {
    Tables.requireSome(m);
    if (SyncSettings.enabled(m)) return m;
    List<String> all = m.schema().tables().stream().map(Table::name).toList();
    change.note("Sync was not enabled: enabled it for every table (" + String.join(", ", all)
        + "). Use drift_enable_sync to choose tables.");
    return enable(m, all, change);
  }

  /** The named table, which must already sync. */
  static Table syncedTable(Manifest m, String field, String name) throws ToolException {
    Table t = Tables.require(m, field, name);
    if (!SyncSettings.syncs(m, name)) throw new ToolException(field, "table '" + name + "' does not sync; add it with drift_enable_sync first");
    return t;
  }

  static final class EnableSync extends NamedManifestTool {
    EnableSync() {
      super("drift_enable_sync",
          "Offline sync: an outbox filled by SQLite triggers, a sync engine (push/pull, conflicts, retries, dead letters), an HTTP transport and the protocol document. Call again with more tables to extend.");
    }

    @Override
    protected void declare(JsonSchemas s) {
      s.optional("tables", JsonSchemas.arrayOf(JsonSchemas.string("table name"),
          "tables to sync (default: every table); tables already synced stay synced"));
      s.optional("baseUrl", JsonSchemas.string("the sync server, e.g. https://api.example.com/sync; may also be set at run time"));
    }

    @Override
    protected Manifest change(Manifest m, Args args, Change change) throws ToolException {
    List<String> notes = change.notes();
      Tables.requireSome(m);
      List<String> requested = args.has("tables") ? args.strings("tables", true)
          : m.schema().tables().stream().map(Table::name).toList();
      if (requested.isEmpty()) throw new ToolException(args.field("tables"), "name at least one table, or leave it out to sync every table");
      Set<String> names = new LinkedHashSet<>();
      for (int i = 0; i < requested.size(); i++) {
        names.add(Tables.require(m, args.field("tables") + "[" + i + "]", requested.get(i)).name());
      }
      for (String name : names) {
        Table t = m.schema().table(name).orElseThrow();
        for (Column c : t.allColumns()) {
          if (c.references() != null && !names.contains(c.references().table())
              && !SyncSettings.syncs(m, c.references().table())) {
            notes.add("'" + name + "." + c.name() + "' points at '" + c.references().table()
                + "', which does not sync: the server must already have those rows.");
          }
        }
      }
      String baseUrl = args.optString("baseUrl", TextSize.URL).orElse(SyncSettings.sync(m).baseUrl());
      if (baseUrl != null) checkUrl(args, baseUrl);
      List<String> fresh = names.stream().filter(n -> !SyncSettings.syncs(m, n)).toList();
      if (fresh.isEmpty()) notes.add("Every named table already syncs; no schema change.");
      Manifest next = m.with(FeatureKeys.SYNC, SyncSettings.sync(m).withTables(fresh).withBaseUrl(baseUrl));
      return change.record(m, next, "sync " + String.join(", ", fresh));
    }

    static void checkUrl(Args args, String url) throws ToolException {
      try {
        URI uri = new URI(url);
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
          throw new ToolException(args.field("baseUrl"), "'" + url + "' must be an http(s) URL such as https://api.example.com/sync");
        }
      } catch (java.net.URISyntaxException e) {
        throw new ToolException(args.field("baseUrl"), "'" + url + "' is not a URL (" + e.getReason() + ")");
      }
    }
  }

  static final class ConflictResolution extends NamedManifestTool {
    ConflictResolution() {
      super("drift_configure_conflict_resolution",
          "How sync settles a record changed both here and on the server: serverWins, clientWins, lastWriteWins, merge (field by field) or manual (kept with both versions for the app to resolve); per table and per field.");
    }

    @Override
    protected void declare(JsonSchemas s) {
      s.required("strategy", JsonSchemas.enumOf("default strategy", SyncSettings.STRATEGIES));
      s.optional("tableStrategies", Map.of("type", "object", "additionalProperties",
          Map.of("type", "string", "enum", SyncSettings.STRATEGIES), "description", "per-table strategy, e.g. {\"notes\": \"manual\"}"));
      s.optional("fieldStrategies", Map.of("type", "object", "additionalProperties",
          Map.of("type", "string", "enum", SyncSettings.FIELD_STRATEGIES),
          "description", "per-field winner when records are merged, e.g. {\"notes.title\": \"clientWins\"}"));
    }

    @Override
    protected Manifest change(Manifest m, Args args, Change change) throws ToolException {
    List<String> notes = change.notes();
      Manifest next = ensureEnabled(m, change);
      Conflicts config = parse(next, args);
      if (!config.fieldStrategies().isEmpty() && !"merge".equals(config.strategy())
          && !config.tableStrategies().containsValue("merge")) {
        notes.add("fieldStrategies apply when records are merged: use strategy 'merge' (here or in tableStrategies) for them to take effect.");
      }
      if ("manual".equals(config.strategy()) || config.tableStrategies().containsValue("manual")) {
        notes.add("Manual conflicts wait in the sync_conflicts table: list them with SyncEngine.openConflicts() and settle each with resolveConflict().");
      }
      return SyncSettings.put(next, SyncSettings.CONFLICTS, config);
    }

    /** The strategies of {@code args}; tables named in tableStrategies must sync, fields must exist. */
    static Conflicts parse(Manifest next, Args args) throws ToolException {
      String strategy = args.enumValue("strategy", SyncSettings.STRATEGIES, null);
      Map<String, String> tables = new TreeMap<>();
      for (Map.Entry<String, String> e : args.enumMap("tableStrategies", SyncSettings.STRATEGIES).entrySet()) {
        tables.put(syncedTable(next, args.field("tableStrategies") + "." + e.getKey(), e.getKey()).name(), e.getValue());
      }
      Map<String, String> fields = new TreeMap<>();
      for (Map.Entry<String, String> e : args.enumMap("fieldStrategies", SyncSettings.FIELD_STRATEGIES).entrySet()) {
        String[] parts = e.getKey().split("\\.", -1);
        String field = args.field("fieldStrategies") + "." + e.getKey();
        if (parts.length != 2) throw new ToolException(field, "key '" + e.getKey() + "' must be table.column, e.g. notes.title");
        Table t = next.schema().table(parts[0]).orElseThrow(() -> new ToolException(field, "no table '" + parts[0] + "'"));
        if (t.column(parts[1]).isEmpty()) {
          throw new ToolException(field, "table '" + parts[0] + "' has no column '" + parts[1] + "'; columns: "
              + t.allColumns().stream().map(Column::name).toList());
        }
        fields.put(e.getKey(), e.getValue());
      }
      return new Conflicts(strategy, tables, fields);
    }
  }

  static final class BackgroundSync extends NamedManifestTool {
    BackgroundSync() {
      super("drift_configure_background_sync",
          "When sync runs: on an interval, when connectivity returns, on app resume and on demand; batch size, retry limit and which tables go first.");
    }

    @Override
    protected void declare(JsonSchemas s) {
      s.optional("intervalSeconds", JsonSchemas.integer("10–3600, default 60"));
      s.optional("maxRetries", JsonSchemas.integer("1–10, default 3: failed attempts before an operation becomes a dead letter"));
      s.optional("batchSize", JsonSchemas.integer("1–500, default 50 operations per push"));
      s.optional("syncOnConnect", JsonSchemas.bool("sync as soon as the network returns (default true)"));
      s.optional("priorityTables", JsonSchemas.arrayOf(JsonSchemas.string("table name"), "tables whose changes are pushed first, highest first"));
    }

    @Override
    protected Manifest change(Manifest m, Args args, Change change) throws ToolException {
    List<String> notes = change.notes();
      Manifest next = ensureEnabled(m, change);
      Background config = parse(next, args);
      if (next.feature(SyncSettings.RETRY).isPresent() && args.has("maxRetries")) {
        notes.add("A retry policy is configured: its maxRetries (" + SyncSettings.retry(next).maxRetries() + ") decides when an operation becomes a dead letter.");
      }
      return SyncSettings.put(next, SyncSettings.BACKGROUND, config);
    }

    /** The settings of {@code args}, the current ones where a setting is left out; priority tables must sync. */
    static Background parse(Manifest next, Args args) throws ToolException {
      Background d = SyncSettings.background(next);
      List<String> priority = args.has("priorityTables") ? args.strings("priorityTables", true) : d.priorityTables();
      Set<String> seen = new LinkedHashSet<>();
      for (int i = 0; i < priority.size(); i++) {
        String field = args.field("priorityTables") + "[" + i + "]";
        syncedTable(next, field, priority.get(i));
        if (!seen.add(priority.get(i))) throw new ToolException(field, "'" + priority.get(i) + "' is listed twice");
      }
      return new Background(
          args.optInt("intervalSeconds", 10, 3600).orElse(d.intervalSeconds()),
          args.optInt("maxRetries", 1, 10).orElse(d.maxRetries()),
          args.optInt("batchSize", 1, 500).orElse(d.batchSize()),
          args.bool("syncOnConnect", d.syncOnConnect()),
          List.copyOf(seen));
    }
  }

  static final class RetryPolicy extends NamedManifestTool {
    RetryPolicy() {
      super("drift_configure_retry_policy",
          "Delays between failed sync attempts (fixed, exponential, linear or Fibonacci backoff, with jitter) and how many attempts before an operation becomes a dead letter the app can list, retry or discard.");
    }

    @Override
    protected void declare(JsonSchemas s) {
      s.required("strategy", JsonSchemas.enumOf("backoff between attempts", SyncSettings.BACKOFFS));
      s.required("maxRetries", JsonSchemas.integer("1–20 failed attempts, then a dead letter"));
      s.optional("initialDelaySeconds", Map.of("type", "number", "description", "0.1–60, default 1"));
      s.optional("maxDelaySeconds", JsonSchemas.integer("1–600, default 300"));
      s.optional("addJitter", JsonSchemas.bool("spread retries randomly over ±25% (default true)"));
    }

    @Override
    protected Manifest change(Manifest m, Args args, Change change) throws ToolException {
    List<String> notes = change.notes();
      Manifest next = ensureEnabled(m, change);
      return SyncSettings.put(next, SyncSettings.RETRY, parse(args));
    }

    static Retry parse(Args args) throws ToolException {
      String strategy = args.enumValue("strategy", SyncSettings.BACKOFFS, null);
      int maxRetries = args.optInt("maxRetries", 1, 20).orElseThrow(() -> new ToolException(args.field("maxRetries"), "is required: a whole number from 1 to 20"));
      double initial = args.optNumber("initialDelaySeconds", 0.1, 60).orElse(1.0);
      int max = args.optInt("maxDelaySeconds", 1, 600).orElse(300);
      if (max < initial) {
        throw new ToolException(args.field("maxDelaySeconds"), "must be at least initialDelaySeconds (" + initial + ")");
      }
      return new Retry(strategy, maxRetries, initial, max, args.bool("addJitter", true));
    }
  }

  static final class OfflineIndicator extends NamedManifestTool {
    static final List<String> MESSAGES = List.of("offline", "syncing", "pending");

    OfflineIndicator() {
      super("drift_configure_offline_indicator",
          "A Flutter widget that shows when the app is offline, when it syncs, and how many changes wait; driven by connectivity, sync state and a drift watch on the outbox.");
    }

    @Override
    protected void declare(JsonSchemas s) {
      s.required("showBanner", JsonSchemas.bool("show a banner while offline or while changes wait"));
      s.optional("showSyncProgress", JsonSchemas.bool("show a progress bar while syncing (default true)"));
      s.optional("bannerPosition", JsonSchemas.enumOf("default top", List.of("top", "bottom")));
      s.optional("customMessages", Map.of("type", "object", "additionalProperties", false,
          "properties", Map.of("offline", JsonSchemas.string("shown while offline"),
              "syncing", JsonSchemas.string("shown while syncing"),
              "pending", JsonSchemas.string("shown while changes wait; {count} is replaced by their number")),
          "description", "texts of the banner"));
    }

    @Override
    protected Manifest change(Manifest m, Args args, Change change) throws ToolException {
    List<String> notes = change.notes();
      Manifest next = ensureEnabled(m, change);
      return SyncSettings.put(next, SyncSettings.INDICATOR, parse(args));
    }

    static SyncSettings.Indicator parse(Args args) throws ToolException {
      Map<String, String> messages = new TreeMap<>();
      var custom = args.optObject("customMessages");
      if (custom.isPresent()) {
        custom.get().only(Set.copyOf(MESSAGES));
        for (String key : MESSAGES) {
          var text = custom.get().optString(key);
          if (text.isPresent() && text.get().isBlank()) {
            throw new ToolException(custom.get().field(key), "must not be empty; leave it out for the default text");
          }
          text.ifPresent(t -> messages.put(key, t));
        }
      }
      if (!args.has("showBanner")) throw new ToolException(args.field("showBanner"), "is required (true or false)");
      return new SyncSettings.Indicator(args.bool("showBanner", true), args.bool("showSyncProgress", true),
          args.enumValue("bannerPosition", List.of("top", "bottom"), "top"), messages);
    }
  }

  static final class OptimisticUpdates extends NamedManifestTool {
    OptimisticUpdates() {
      super("drift_configure_optimistic_updates",
          "Optimistic writes: the UI shows local changes at once and can watch whether each record is confirmed; a change the server rejects is rolled back to the server's record or the snapshot taken before it.");
    }

    @Override
    protected void declare(JsonSchemas s) {
      s.required("enabled", JsonSchemas.bool("turn optimistic updates on or off"));
      s.optional("confirmTimeoutSeconds", JsonSchemas.integer("5–120, default 30: how long a push may take before it counts as unanswered"));
      s.optional("autoRollbackOnError", JsonSchemas.bool("undo rejected changes locally (default true)"));
      s.optional("tables", JsonSchemas.arrayOf(JsonSchemas.string("table name"), "synced tables it applies to (default: all synced tables)"));
    }

    @Override
    protected Manifest change(Manifest m, Args args, Change change) throws ToolException {
    List<String> notes = change.notes();
      Manifest next = ensureEnabled(m, change);
      return SyncSettings.put(next, SyncSettings.OPTIMISTIC, parse(next, args));
    }

    /** The settings of {@code args}; the tables named must sync. */
    static SyncSettings.Optimistic parse(Manifest next, Args args) throws ToolException {
      if (!args.has("enabled")) throw new ToolException(args.field("enabled"), "is required (true or false)");
      List<String> tables = args.strings("tables", false);
      for (int i = 0; i < tables.size(); i++) {
        syncedTable(next, args.field("tables") + "[" + i + "]", tables.get(i));
      }
      return new SyncSettings.Optimistic(args.bool("enabled", true),
          args.optInt("confirmTimeoutSeconds", 5, 120).orElse(30), args.bool("autoRollbackOnError", true),
          tables.stream().distinct().sorted().toList());
    }
  }
}
