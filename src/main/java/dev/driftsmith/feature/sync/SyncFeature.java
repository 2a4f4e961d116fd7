package dev.driftsmith.feature.sync;

import dev.driftsmith.generate.Feature;
import dev.driftsmith.generate.FeatureTemplate;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.ManifestProblem;
import dev.driftsmith.project.Memo;
import dev.driftsmith.project.Names;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.DataCompressionConfig;
import dev.driftsmith.project.keys.FeatureKeys;
import dev.driftsmith.render.NoContext;
import dev.driftsmith.render.TemplateSpec;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.schema.SchemaContributor;
import dev.driftsmith.schema.SchemaObject;
import dev.driftsmith.schema.SchemaSteps;
import dev.driftsmith.tool.Tool;
import dev.driftsmith.tool.ToolProvider;
import dev.driftsmith.workspace.Pin;
import dev.driftsmith.workspace.Pubspec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The client half of offline sync (the server half is dev.driftsmith.syncserver): outbox DDL in {@code sync.drift}, the SQL the
 * engine runs, the engine itself, its HTTP transport, conflict resolution, retries, the scheduler,
 * and the protocol document. Everything renders from the manifest's synced tables and settings.
 */
public final class SyncFeature implements Feature, ToolProvider {
  static final String DIR = "lib/data/sync";
  static final TemplateSpec DRIFT = spec("sync.drift", "Sync outbox schema", "sync.drift",
      "The outbox tables and the capture triggers of every synced table (drift creates them with the schema).");
  static final TemplateSpec SQL = spec("sync.sql", "Sync SQL", "sync_sql.dart",
      "Every statement the sync engine runs, as constants (tested on SQLite by Driftsmith).");
  static final TemplateSpec PROTOCOL = spec("sync.protocol", "Sync protocol models", "sync_protocol.dart",
      "Push/pull request and response types of docs/sync-protocol.md.");
  static final TemplateSpec TRANSPORT = spec("sync.transport", "Sync transport", "sync_transport.dart",
      "The SyncTransport interface and its package:http implementation with an auth-header hook.");
  static final TemplateSpec ENGINE = spec("sync.engine", "Sync engine", "sync_engine.dart",
      "Push batches, pull after a cursor, apply server changes without echo, conflicts, dead letters.");
  static final TemplateSpec RESOLVER = spec("sync.conflicts", "Conflict resolution", "conflict_resolver.dart",
      "The configured conflict strategies per table and field, and the merge rule.");
  static final TemplateSpec RETRY = spec("sync.retry", "Retry policy", "retry_policy.dart",
      "Backoff between failed attempts and the dead-letter limit.");
  static final TemplateSpec SCHEDULER = spec("sync.scheduler", "Background sync", "sync_scheduler.dart",
      "Sync on an interval, on reconnect (connectivity_plus plus a reachability check), on app resume and on demand.");
  static final TemplateSpec INDICATOR = spec("sync.indicator", "Offline indicator", "offline_indicator.dart",
      "A banner and progress bar driven by connectivity, sync state and the pending count.");
  static final TemplateSpec PRIORITY = spec("sync.priority", "Sync priority", "sync_priority.dart",
      "Priority levels of the queue (critical, high, normal, low), their rules and limits.");
  static final TemplateSpec README = spec("sync.readme", "Sync README", "README.md",
      "How to wire the engine and scheduler, when sync runs (web included), dead letters and conflicts.");
  static final TemplateSpec DOC = TemplateSpec.of("sync.protocol.doc", "Sync protocol document", "sync/sync-protocol.md", "docs",
      "The wire protocol the generated client speaks, for the backend team.");

  private static TemplateSpec spec(String id, String name, String source, String description) {
    return TemplateSpec.of(id, name, "sync/" + source, DIR, description);
  }

  /** sync.drift: the outbox's own tables (each with the row class drift maps it to), then each synced table's triggers. */
  record DriftContext(String packageName, List<String> systemTables, List<CapturedTable> tables) {}

  record CapturedTable(String name, List<String> triggers) {}

  /** sync_sql.dart: the engine's statements, and per synced (and partially synced) table the SQL that applies server changes. */
  record SqlContext(List<NamedSql> statements, List<TableSql> tables, List<PartialSql> partialTables) {}

  record NamedSql(String name, String sql) {}

  /** What applies a server record to one synced table, by its record id; the unique statements are null without unique columns. */
  record TableSql(String name, String update, String insert, String delete, String rebaseAsInsert, List<String> releaseChildren,
                  String missingParents, String uniqueLoses, String keepUniqueRivals, String yieldUnique) {}

  /**
   * Partial sync of one table; {@code recordDeltaLoss} and {@code dropLocalFields} are null when the server wins no field there,
   * the {@code delta…Unique…} statements when no local change of a unique column can win (the table's own ones then serve).
   */
  record PartialSql(String name, String applyDelta, String recordDeltaLoss, String dropLocalFields, String clearDirty,
                    String deletedHere, String deltaUniqueLoses, String deltaKeepUniqueRivals, String deltaYieldUnique) {}

  /** sync_engine.dart; {@code rollbackTables} are the tables whose refused optimistic writes are undone. */
  record EngineContext(String packageName, BackgroundSyncConfig background, List<String> rollbackTables) {}

  /** sync_transport.dart; {@code baseUrl} is null when the app passes it; {@code compression}: request bodies are compressed. */
  record TransportContext(String packageName, String baseUrl, int confirmTimeoutSeconds, boolean compression) {}

  /** conflict_resolver.dart. */
  record ResolverContext(ConflictRules conflicts) {}

  /** The default strategy, and the ones set per table and per field ({@code table.column}, by SQL column name). */
  record ConflictRules(ConflictStrategy strategy, List<TableStrategy> tables, List<FieldRule> fields) {}

  record TableStrategy(String table, ConflictStrategy strategy) {}

  record FieldRule(String key, FieldStrategy strategy) {}

  /** retry_policy.dart, with the delays in milliseconds. */
  record RetryContext(RetryPolicyConfig retry, long initialDelayMs, long maxDelayMs) {}

  record SchedulerContext(String packageName, BackgroundSyncConfig background) {}

  /** offline_indicator.dart. */
  record IndicatorContext(String packageName, Indicator indicator) {}

  /** What the indicator shows, and where: its messages are the app's text (custom ones, or ours). */
  record Indicator(boolean showBanner, boolean showSyncProgress, boolean top, String offline, String syncing, String pending) {}

  /** sync_priority.dart: the level of each table or {@code table.op}. */
  record PriorityContext(List<PriorityRule> priorityRules, int maxConcurrent, long agePromotionMs) {}

  record PriorityRule(String key, PriorityLevel level) {}

  /** The sync README: what syncs, where to, and when. {@code indicator}: the project has the offline indicator. */
  record ReadmeContext(List<String> tables, String baseUrl, boolean indicator, BackgroundSyncConfig background, RetryPolicyConfig retry,
                       ConflictRules conflicts) {}

  static final List<FeatureTemplate> TEMPLATES = List.of(
      synced(DRIFT, SyncFeature::driftContext),
      synced(SQL, SyncFeature::sqlContext),
      synced(PROTOCOL, in -> new NoContext()),
      synced(TRANSPORT, SyncFeature::transportContext),
      synced(ENGINE, SyncFeature::engineContext),
      synced(RESOLVER, in -> new ResolverContext(conflictRules(ConflictResolutionConfig.of(in.manifest())))),
      synced(RETRY, in -> retryContext(RetryPolicyConfig.of(in.manifest()))),
      synced(SCHEDULER, in -> new SchedulerContext(in.manifest().project().name(), BackgroundSyncConfig.of(in.manifest()))),
      FeatureTemplate.whenPresent(INDICATOR, in -> SyncSettings.enabled(in.manifest()) ? OfflineIndicatorConfig.of(in.manifest())
          : Optional.empty(), (in, i) -> new IndicatorContext(in.manifest().project().name(), indicator(i))),
      synced(PRIORITY, in -> priorityContext(in.manifest())),
      synced(README, SyncFeature::readmeContext),
      synced(DOC, in -> new NoContext()));

  /** A file of every project that syncs. */
  private static <C extends Record> FeatureTemplate synced(TemplateSpec spec, Function<FeatureTemplate.Input, C> context) {
    return FeatureTemplate.when(spec, in -> SyncSettings.enabled(in.manifest()), context);
  }

  @Override
  public String id() {
    return "sync";
  }

  @Override
  public List<FeatureTemplate> fileTemplates() {
    return TEMPLATES;
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

  /**
   * A project whose touch triggers predate the release marker gets them recreated (see
   * {@link ReleaseMarkerUpgrade}); one that synced under protocol 1 moves to global record ids
   * (see {@link GlobalIdsUpgrade}).
   */
  @Override
  public Manifest upgrade(Manifest manifest, SchemaSteps steps, List<String> notes) throws dev.driftsmith.input.ToolException {
    return GlobalIdsUpgrade.apply(ReleaseMarkerUpgrade.apply(manifest, steps, notes), steps, notes);
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

  static DriftContext driftContext(FeatureTemplate.Input in) {
    Manifest m = in.manifest();
    DatabaseSchema schema = in.schema();
    List<CapturedTable> tables = new ArrayList<>();
    for (Table declared : SyncSettings.syncedTables(m)) {
      tables.add(new CapturedTable(declared.name(), schema.objectsOn(declared.name()).stream()
          .filter(o -> OutboxSql.DRIFT_FILE.equals(o.driftFile())).map(SchemaObject::sql).toList()));
    }
    List<String> driftDdl = new ArrayList<>();
    for (String statement : schema.systemObjects().stream().filter(o -> OutboxSql.DRIFT_FILE.equals(o.driftFile()))
        .map(SchemaObject::sql).toList()) {
      String rowClass = OutboxSql.ROW_CLASSES.entrySet().stream()
          .filter(e -> statement.startsWith("CREATE TABLE IF NOT EXISTS " + e.getKey() + " ("))
          .map(Map.Entry::getValue).findFirst().orElse(null);
      driftDdl.add(rowClass == null ? statement : statement + " AS " + rowClass);
    }
    return new DriftContext(m.project().name(), driftDdl, tables);
  }

  static SqlContext sqlContext(FeatureTemplate.Input in) {
    Manifest m = in.manifest();
    List<TableSql> tables = new ArrayList<>();
    List<SyncedTable> all = SyncSettings.syncedTables(m).stream().map(d -> SyncSettings.synced(m, in.schema(), d.name())).toList();
    Map<String, List<SyncedTable>> children = childrenByParent(all);
    for (SyncedTable t : all) {
      tables.add(TABLE_SQL.get(new TableSqlInput(t, children.getOrDefault(t.name(), List.of())), SyncFeature::tableSql));
    }
    List<PartialSql> partial = new ArrayList<>();
    for (PartialSyncConfig p : PartialSyncConfig.all(m)) {
      SyncedTable t = SyncSettings.synced(m, in.schema(), p.table());
      java.util.Set<String> serverWinsFields = new java.util.TreeSet<>();
      ConflictResolutionConfig.of(m).fieldStrategies().forEach((key, strategy) -> {
        String[] parts = key.split("\\.");
        if (parts[0].equals(t.name()) && strategy == FieldStrategy.SERVER_WINS) serverWinsFields.add(Names.snakeCase(parts[1]));
      });
      partial.add(new PartialSql(t.name(), SyncQueries.applyDelta(t, p.conflictResolution(), serverWinsFields),
          SyncQueries.recordDeltaLoss(t, p.conflictResolution(), serverWinsFields),
          SyncQueries.dropLocalFields(t, p.conflictResolution(), serverWinsFields), SyncQueries.clearDirty(t), SyncQueries.deletedHere(t),
          SyncQueries.deltaUniqueLoses(t, p.conflictResolution(), serverWinsFields),
          SyncQueries.deltaKeepUniqueRivals(t, p.conflictResolution(), serverWinsFields),
          SyncQueries.deltaYieldUnique(t, p.conflictResolution(), serverWinsFields)));
    }
    List<NamedSql> statements = new ArrayList<>();
    SyncQueries.statements(BackgroundSyncConfig.of(m).tablePriorities(), SyncPriorityConfig.rules(m))
        .forEach((name, sql) -> statements.add(new NamedSql(name, sql)));
    return new SqlContext(statements, tables, partial);
  }

  /** What one table's statements in sync_sql.dart are built from: the table, and the synced tables whose keys point at it. */
  private record TableSqlInput(SyncedTable table, List<SyncedTable> children) {}

  /**
   * The statements of the last few hundred synced tables, by what they are built from. Every call
   * that renders builds sync_sql.dart's context, which holds every synced table, and a call changes
   * one table or none: building each table's statements again made the context cost more the more
   * tables synced.
   */
  private static final Memo<TableSqlInput, TableSql> TABLE_SQL = new Memo<>(512);

  private static TableSql tableSql(TableSqlInput in) {
    SyncedTable t = in.table();
    return new TableSql(t.name(), SyncQueries.update(t), SyncQueries.insert(t), SyncQueries.deleteRecord(t),
        SyncQueries.rebaseAsInsert(t), SyncQueries.releaseChildren(in.children(), t), SyncQueries.missingParents(t),
        SyncQueries.uniqueLoses(t), SyncQueries.keepUniqueRivals(t), SyncQueries.yieldUnique(t));
  }

  /**
   * The synced tables with a column that references each table, in the order of {@code all}, each
   * once: the rows a parent's delete releases come from these alone, and finding them by asking
   * every table for every parent grew with the square of the tables.
   */
  static Map<String, List<SyncedTable>> childrenByParent(List<SyncedTable> all) {
    Map<String, List<SyncedTable>> out = new HashMap<>();
    for (SyncedTable child : all) {
      Set<String> parents = new HashSet<>();
      for (Column c : child.allColumns()) {
        if (c.references() != null && parents.add(c.references().table())) {
          out.computeIfAbsent(c.references().table(), k -> new ArrayList<>()).add(child);
        }
      }
    }
    return out;
  }

  static EngineContext engineContext(FeatureTemplate.Input in) {
    Manifest m = in.manifest();
    OptimisticUpdatesConfig optimistic = OptimisticUpdatesConfig.of(m).orElse(null);
    List<String> rollback = optimistic == null || !optimistic.autoRollbackOnError() ? List.of()
        : optimistic.tables().isEmpty() ? SyncSettings.syncedTables(m).stream().map(Table::name).toList() : optimistic.tables();
    return new EngineContext(m.project().name(), BackgroundSyncConfig.of(m), rollback);
  }

  static TransportContext transportContext(FeatureTemplate.Input in) {
    Manifest m = in.manifest();
    int confirmTimeoutSeconds = OptimisticUpdatesConfig.of(m).map(OptimisticUpdatesConfig::confirmTimeoutSeconds).orElse(30);
    // Sync request bodies are compressed when the project configured data compression.
    boolean compression = m.get(FeatureKeys.DATA_COMPRESSION).filter(DataCompressionConfig::enabled).isPresent();
    return new TransportContext(m.project().name(), SyncSettings.sync(m).baseUrl(), confirmTimeoutSeconds, compression);
  }

  static RetryContext retryContext(RetryPolicyConfig retry) {
    return new RetryContext(retry, Math.round(retry.initialDelaySeconds() * 1000), retry.maxDelaySeconds() * 1000L);
  }

  static PriorityContext priorityContext(Manifest m) {
    SyncPriorityConfig priority = SyncPriorityConfig.of(m).orElse(SyncPriorityConfig.NONE);
    List<PriorityRule> rules = new ArrayList<>();
    priority.priorities().forEach((key, level) -> rules.add(new PriorityRule(key, level)));
    return new PriorityContext(rules, priority.maxConcurrent(), priority.agePromotionMs());
  }

  static ReadmeContext readmeContext(FeatureTemplate.Input in) {
    Manifest m = in.manifest();
    return new ReadmeContext(SyncSettings.syncedTables(m).stream().map(Table::name).toList(), SyncSettings.sync(m).baseUrl(),
        OfflineIndicatorConfig.of(m).isPresent(), BackgroundSyncConfig.of(m), RetryPolicyConfig.of(m),
        conflictRules(ConflictResolutionConfig.of(m)));
  }

  private static Indicator indicator(OfflineIndicatorConfig i) {
    Map<String, String> defaults = Map.of("offline", "You are offline. Changes are saved on this device.",
        "syncing", "Syncing…", "pending", "{count} changes waiting to sync");
    Map<String, String> messages = new java.util.HashMap<>(defaults);
    messages.putAll(i.customMessages());
    return new Indicator(i.showBanner(), i.showSyncProgress(), i.bannerPosition() == BannerPosition.TOP,
        messages.get("offline"), messages.get("syncing"), messages.get("pending"));
  }

  private static ConflictRules conflictRules(ConflictResolutionConfig c) {
    List<TableStrategy> tables = new ArrayList<>();
    c.tableStrategies().forEach((table, strategy) -> tables.add(new TableStrategy(table, strategy)));
    List<FieldRule> fields = new ArrayList<>();
    c.fieldStrategies().forEach((key, strategy) -> {
      String[] parts = key.split("\\.");
      // Payloads are keyed by SQL column name.
      fields.add(new FieldRule(parts[0] + "." + Names.snakeCase(parts[1]), strategy));
    });
    return new ConflictRules(c.strategy(), tables, fields);
  }
}
