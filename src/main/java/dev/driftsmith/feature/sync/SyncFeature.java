package dev.driftsmith.feature.sync;

import dev.driftsmith.feature.sync.OutboxSql;
import dev.driftsmith.feature.sync.SyncSettings.Background;
import dev.driftsmith.feature.sync.SyncSettings.Conflicts;
import dev.driftsmith.feature.sync.SyncSettings.Retry;
import dev.driftsmith.generate.Feature;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.project.Names;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.Compression;
import dev.driftsmith.project.keys.FeatureKeys;
import dev.driftsmith.render.DartCode;
import dev.driftsmith.render.Renderer;
import dev.driftsmith.render.TemplateSpec;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.schema.SchemaContributor;
import dev.driftsmith.schema.SchemaObject;
import dev.driftsmith.schema.SchemaSteps;
import dev.driftsmith.tool.Tool;
import dev.driftsmith.tool.ToolProvider;
import dev.driftsmith.workspace.GeneratedFile;
import dev.driftsmith.workspace.Pin;
import dev.driftsmith.workspace.Pubspec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The client half of offline sync (DESIGN §10): outbox DDL in {@code sync.drift}, the SQL the
 * engine runs, the engine itself, its HTTP transport, conflict resolution, retries, the scheduler,
 * and the protocol document. Everything renders from the manifest's synced tables and settings.
 */
public final class SyncFeature implements Feature, ToolProvider {
  static final String DIR = "lib/data/sync";
  static final TemplateSpec DRIFT = spec("sync.drift", "Sync outbox schema",
      "The outbox tables and the capture triggers of every synced table (drift creates them with the schema).", "sync.drift", "sync", "drift");
  static final TemplateSpec SQL = spec("sync.sql", "Sync SQL",
      "Every statement the sync engine runs, as constants (tested on SQLite by Driftsmith).", "sync_sql.dart", "sync_sql", "dart");
  static final TemplateSpec PROTOCOL = spec("sync.protocol", "Sync protocol models",
      "Push/pull request and response types of docs/sync-protocol.md.", "sync_protocol.dart", "sync_protocol", "dart");
  static final TemplateSpec TRANSPORT = spec("sync.transport", "Sync transport",
      "The SyncTransport interface and its package:http implementation with an auth-header hook.", "sync_transport.dart", "sync_transport", "dart");
  static final TemplateSpec ENGINE = spec("sync.engine", "Sync engine",
      "Push batches, pull after a cursor, apply server changes without echo, conflicts, dead letters.", "sync_engine.dart", "sync_engine", "dart");
  static final TemplateSpec RESOLVER = spec("sync.conflicts", "Conflict resolution",
      "The configured conflict strategies per table and field, and the merge rule.", "conflict_resolver.dart", "conflict_resolver", "dart");
  static final TemplateSpec RETRY = spec("sync.retry", "Retry policy",
      "Backoff between failed attempts and the dead-letter limit.", "retry_policy.dart", "retry_policy", "dart");
  static final TemplateSpec SCHEDULER = spec("sync.scheduler", "Background sync",
      "Sync on an interval, on reconnect (connectivity_plus plus a reachability check), on app resume and on demand.",
      "sync_scheduler.dart", "sync_scheduler", "dart");
  static final TemplateSpec INDICATOR = spec("sync.indicator", "Offline indicator",
      "A banner and progress bar driven by connectivity, sync state and the pending count.", "offline_indicator.dart", "offline_indicator", "dart");
  static final TemplateSpec PRIORITY = spec("sync.priority", "Sync priority",
      "Priority levels of the queue (critical, high, normal, low), their rules and limits.", "sync_priority.dart", "sync_priority", "dart");
  static final TemplateSpec README = spec("sync.readme", "Sync README",
      "How to wire the engine and scheduler, when sync runs (web included), dead letters and conflicts.", "README.md", "README", "md");
  static final TemplateSpec DOC = new TemplateSpec("sync.protocol.doc", "Sync protocol document",
      "The wire protocol the generated client speaks, for the backend team.", "sync/sync-protocol.md", "docs", "sync-protocol", "md");

  private static TemplateSpec spec(String id, String name, String description, String source, String file, String ext) {
    return new TemplateSpec(id, name, description, "sync/" + source, DIR, file, ext);
  }

  @Override
  public String id() {
    return "sync";
  }

  @Override
  public List<TemplateSpec> templates() {
    return List.of(DRIFT, SQL, PROTOCOL, TRANSPORT, ENGINE, RESOLVER, RETRY, SCHEDULER, INDICATOR, PRIORITY, README, DOC);
  }

  @Override
  public List<Tool> tools() {
    return SyncTools.all();
  }

  @Override
  public Set<String> configKeys() {
    return SyncSettings.KEYS;
  }

  @Override
  public List<ManifestProblem> validate(Manifest manifest, SchemaSteps steps) {
    return SyncCheck.problems(manifest);
  }

  /** A project that synced under protocol 1 moves to global record ids (see {@link GlobalIdsUpgrade}). */
  @Override
  public Manifest upgrade(Manifest manifest, SchemaSteps steps, List<String> notes) throws dev.driftsmith.input.ToolException {
    return GlobalIdsUpgrade.apply(manifest, steps, notes);
  }

  @Override
  public List<Pubspec.Dependency> dependencies(Manifest manifest) {
    if (!SyncSettings.enabled(manifest)) return List.of();
    return List.of(Pin.HTTP.dependency(), Pin.CONNECTIVITY_PLUS.dependency());
  }

  @Override
  public Optional<SchemaContributor> schemaContribution() {
    return Optional.of(new SyncSchema());
  }

  @Override
  public List<GeneratedFile> render(Manifest manifest, DatabaseSchema schema, Renderer renderer) {
    if (!SyncSettings.enabled(manifest)) return List.of();
    Map<String, Object> ctx = context(manifest, schema);
    List<GeneratedFile> files = new ArrayList<>();
    for (TemplateSpec spec : templates()) {
      if (spec == INDICATOR && SyncSettings.indicator(manifest).isEmpty()) continue;
      files.add(managed(renderer, spec, ctx));
    }
    return files;
  }

  static Map<String, Object> context(Manifest m, DatabaseSchema schema) {
    String pkg = m.project().name();
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("package", pkg);
    List<Table> synced = SyncSettings.syncedTables(m);
    List<SyncedTable> all = synced.stream().map(d -> SyncSettings.synced(m, schema, d.name())).toList();
    List<Map<String, Object>> tables = new ArrayList<>();
    for (Table declared : synced) {
      SyncedTable t = SyncSettings.synced(m, schema, declared.name());
      Map<String, Object> table = new LinkedHashMap<>();
      table.put("name", t.name());
      table.put("getter", declared.dartGetter());
      table.put("import", "package:" + pkg + "/data/tables/" + t.name() + ".dart");
      table.put("triggers", schema.objectsOn(t.name()).stream()
          .filter(o -> OutboxSql.DRIFT_FILE.equals(o.driftFile())).map(SchemaObject::sql).toList());
      table.put("update", DartCode.string(SyncQueries.update(t)));
      table.put("insert", DartCode.string(SyncQueries.insert(t)));
      table.put("delete", DartCode.string(SyncQueries.deleteRecord(t)));
      table.put("rebaseAsInsert", DartCode.string(SyncQueries.rebaseAsInsert(t)));
      table.put("releaseChildren", SyncQueries.releaseChildren(all, t).stream().map(DartCode::string).toList());
      String missing = SyncQueries.missingParents(t);
      if (missing != null) table.put("missingParents", DartCode.string(missing));
      table.put("timestamps", t.timestamps());
      tables.add(table);
    }
    ctx.put("tables", tables);
    List<Map<String, Object>> partial = new ArrayList<>();
    for (SyncSettings.Partial p : SyncSettings.partial(m)) {
      SyncedTable t = SyncSettings.synced(m, schema, p.table());
      java.util.Set<String> serverWinsFields = new java.util.TreeSet<>();
      SyncSettings.conflicts(m).fieldStrategies().forEach((key, strategy) -> {
        String[] parts = key.split("\\.");
        if (parts[0].equals(t.name()) && "serverWins".equals(strategy)) serverWinsFields.add(Names.snakeCase(parts[1]));
      });
      Map<String, Object> table = new LinkedHashMap<>();
      table.put("name", t.name());
      table.put("applyDelta", DartCode.string(SyncQueries.applyDelta(t, p.conflictResolution(), serverWinsFields)));
      String drop = SyncQueries.dropLocalFields(t, p.conflictResolution(), serverWinsFields);
      if (drop != null) table.put("dropLocalFields", DartCode.string(drop));
      table.put("clearDirty", DartCode.string(SyncQueries.clearDirty(t)));
      partial.add(table);
    }
    ctx.put("partialTables", partial);
    List<String> driftDdl = new ArrayList<>();
    for (String statement : schema.systemObjects().stream().filter(o -> OutboxSql.DRIFT_FILE.equals(o.driftFile()))
        .map(SchemaObject::sql).toList()) {
      String rowClass = OutboxSql.ROW_CLASSES.entrySet().stream()
          .filter(e -> statement.startsWith("CREATE TABLE IF NOT EXISTS " + e.getKey() + " ("))
          .map(Map.Entry::getValue).findFirst().orElse(null);
      driftDdl.add(rowClass == null ? statement : statement + " AS " + rowClass);
    }
    ctx.put("systemTables", driftDdl);
    List<Map<String, String>> statements = new ArrayList<>();
    SyncQueries.statements(SyncSettings.tablePriorities(m), SyncSettings.priorityRules(m))
        .forEach((name, sql) -> statements.add(Map.of("name", name, "sql", DartCode.string(sql))));
    ctx.put("statements", statements);
    ctx.put("baseUrl", SyncSettings.sync(m).baseUrl());
    ctx.put("conflicts", conflictContext(SyncSettings.conflicts(m)));
    Background background = SyncSettings.background(m);
    ctx.put("background", background);
    Retry retry = SyncSettings.retry(m);
    ctx.put("retry", retry);
    ctx.put("initialDelayMs", Math.round(retry.initialDelaySeconds() * 1000));
    ctx.put("maxDelayMs", retry.maxDelaySeconds() * 1000L);
    ctx.put("priorityTables", background.priorityTables());
    SyncSettings.Priority priority = SyncSettings.priority(m).orElse(new SyncSettings.Priority(Map.of(), 1, 0));
    ctx.put("maxConcurrent", priority.maxConcurrent());
    List<Map<String, String>> rules = new ArrayList<>();
    priority.priorities().forEach((key, level) -> rules.add(Map.of("key", key, "level", level)));
    ctx.put("priorityRules", rules);
    ctx.put("agePromotionMs", priority.agePromotionMs());
    SyncSettings.Optimistic optimistic = SyncSettings.optimistic(m).orElse(null);
    ctx.put("confirmTimeoutSeconds", optimistic == null ? 30 : optimistic.confirmTimeoutSeconds());
    List<String> rollback = optimistic == null || !optimistic.autoRollbackOnError() ? List.of()
        : optimistic.tables().isEmpty() ? synced.stream().map(Table::name).toList() : optimistic.tables();
    ctx.put("rollbackTables", rollback.stream().map(DartCode::string).toList());
    SyncSettings.indicator(m).ifPresent(i -> ctx.put("indicator", indicatorContext(i)));
    // Sync request bodies are compressed when the project configured data compression.
    ctx.put("compression", m.get(FeatureKeys.DATA_COMPRESSION).filter(Compression::enabled).isPresent());
    return ctx;
  }

  private static Map<String, Object> indicatorContext(SyncSettings.Indicator i) {
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("showBanner", i.showBanner());
    ctx.put("showSyncProgress", i.showSyncProgress());
    ctx.put("top", "top".equals(i.bannerPosition()));
    Map<String, String> defaults = Map.of("offline", "You are offline. Changes are saved on this device.",
        "syncing", "Syncing…", "pending", "{count} changes waiting to sync");
    for (String key : List.of("offline", "syncing", "pending")) {
      ctx.put(key, i.customMessages().getOrDefault(key, defaults.get(key)));
    }
    return ctx;
  }

  private static Map<String, Object> conflictContext(Conflicts c) {
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("strategy", c.strategy());
    List<Map<String, String>> tables = new ArrayList<>();
    c.tableStrategies().forEach((table, strategy) -> tables.add(Map.of("table", table, "strategy", strategy)));
    ctx.put("tables", tables);
    List<Map<String, String>> fields = new ArrayList<>();
    c.fieldStrategies().forEach((key, strategy) -> {
      String[] parts = key.split("\\.");
      // Payloads are keyed by SQL column name.
      fields.add(Map.of("key", parts[0] + "." + Names.snakeCase(parts[1]), "strategy", strategy));
    });
    ctx.put("fields", fields);
    return ctx;
  }
}
