package dev.driftsmith.feature.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.driftsmith.input.Wire;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.FeatureKey;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Names;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.FeatureKeys;
import dev.driftsmith.project.keys.SyncConfig;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sync layer's configuration as the manifest stores it. Each tool owns one key under
 * {@code features}; a key that was never configured reads as its documented defaults.
 */
public final class SyncSettings {
  private SyncSettings() {}

  public static final String SYNC = "sync";
  public static final String CONFLICTS = "conflictResolution";
  public static final String BACKGROUND = "backgroundSync";
  public static final String RETRY = "retryPolicy";
  public static final String INDICATOR = "offlineIndicator";
  public static final String OPTIMISTIC = "optimisticUpdates";
  public static final String PRIORITY = "syncPriority";
  public static final String PARTIAL = "partialSync";
  static final FeatureKey<Conflicts> CONFLICTS_KEY = FeatureKey.of(CONFLICTS, Conflicts.class);
  static final FeatureKey<Background> BACKGROUND_KEY = FeatureKey.of(BACKGROUND, Background.class);
  static final FeatureKey<Retry> RETRY_KEY = FeatureKey.of(RETRY, Retry.class);
  static final FeatureKey<Indicator> INDICATOR_KEY = FeatureKey.of(INDICATOR, Indicator.class);
  static final FeatureKey<Optimistic> OPTIMISTIC_KEY = FeatureKey.of(OPTIMISTIC, Optimistic.class);
  static final FeatureKey<Priority> PRIORITY_KEY = FeatureKey.of(PRIORITY, Priority.class);
  /** Every key under {@code features} that holds a sync setting. */
  public static final java.util.Set<String> KEYS = java.util.Set.of(SYNC, CONFLICTS, BACKGROUND, RETRY, INDICATOR,
      OPTIMISTIC, PRIORITY, PARTIAL);
  /** The queue's levels, lowest first: a level's index is its rank in the dequeue order. */
  public static final List<String> LEVELS = Wire.values(PriorityLevel.class);

  public record Conflicts(String strategy, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> tableStrategies,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> fieldStrategies) {
    public Conflicts {
      tableStrategies = tableStrategies == null ? Map.of() : new java.util.TreeMap<>(tableStrategies);
      fieldStrategies = fieldStrategies == null ? Map.of() : new java.util.TreeMap<>(fieldStrategies);
    }

    static Conflicts defaults() {
      return new Conflicts("serverWins", Map.of(), Map.of());
    }
  }

  public record Background(int intervalSeconds, int maxRetries, int batchSize, boolean syncOnConnect,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> priorityTables) {
    public Background {
      priorityTables = priorityTables == null ? List.of() : List.copyOf(priorityTables);
    }

    static Background defaults() {
      return new Background(60, 3, 50, true, List.of());
    }
  }

  public record Retry(String strategy, int maxRetries, double initialDelaySeconds, int maxDelaySeconds, boolean addJitter) {
    static Retry defaults(int maxRetries) {
      return new Retry("exponentialBackoff", maxRetries, 1.0, 300, true);
    }
  }

  public record Indicator(boolean showBanner, boolean showSyncProgress, String bannerPosition,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> customMessages) {
    public Indicator {
      customMessages = customMessages == null ? Map.of() : new java.util.TreeMap<>(customMessages);
    }
  }

  /** {@code tables} empty means every synced table. */
  public record Optimistic(boolean enabled, int confirmTimeoutSeconds, boolean autoRollbackOnError,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> tables) {
    public Optimistic {
      tables = tables == null ? List.of() : List.copyOf(tables);
    }
  }

  /** Sync priorities: {@code priorities} maps a table or {@code table.op} to a level name (lower case). */
  public record Priority(Map<String, String> priorities, int maxConcurrent, long agePromotionMs) {
    public Priority {
      priorities = priorities == null ? Map.of() : new java.util.TreeMap<>(priorities);
    }
  }

  /**
   * A table whose updates travel as deltas, and how server deltas merge. {@code bits} are the bit
   * positions a column bitmap recorded when tracking began; columns added since take the next ones.
   */
  public record Partial(String table, Tracking trackingStrategy, String conflictResolution,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Integer> bits) {
    public Partial {
      bits = bits == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(bits));
    }
  }

  public static List<Partial> partial(Manifest m) {
    return m.feature(PARTIAL, new tools.jackson.core.type.TypeReference<List<Partial>>() {}).orElse(List.of());
  }

  public static java.util.Optional<Priority> priority(Manifest m) {
    return m.feature(PRIORITY, Priority.class);
  }

  /** The dequeue rules of the configured priorities (none: every operation is normal). */
  public static SyncQueries.PriorityRules priorityRules(Manifest m) {
    return priority(m).map(p -> {
      Map<String, Integer> levels = new java.util.TreeMap<>();
      p.priorities().forEach((key, level) -> levels.put(key, LEVELS.indexOf(level)));
      return new SyncQueries.PriorityRules(levels, p.agePromotionMs());
    }).orElse(SyncQueries.PriorityRules.NONE);
  }

  public static java.util.Optional<Indicator> indicator(Manifest m) {
    return m.feature(INDICATOR, Indicator.class);
  }

  public static java.util.Optional<Optimistic> optimistic(Manifest m) {
    return m.feature(OPTIMISTIC, Optimistic.class).filter(Optimistic::enabled);
  }

  public static boolean enabled(Manifest m) {
    return !sync(m).tables().isEmpty();
  }

  public static boolean syncs(Manifest m, String table) {
    return sync(m).tables().contains(table);
  }

  /** The synced tables as declared, in the manifest's table order. */
  public static List<Table> syncedTables(Manifest m) {
    // A set: this runs for every table of a schema, and a list made it grow with the cube of the tables.
    Set<String> names = new HashSet<>(sync(m).tables());
    return m.schema().tables().stream().filter(t -> names.contains(t.name())).toList();
  }

  public static java.util.Optional<Partial> partial(Manifest m, String table) {
    return partial(m).stream().filter(p -> p.table().equals(table)).findFirst();
  }

  /** The table as the database has it, with its tracking: the unit the sync SQL is built from. */
  public static SyncedTable synced(Manifest m, dev.driftsmith.schema.DatabaseSchema schema, String table) {
    return synced(m, schema.require(table));
  }

  /**
   * {@code t} (as the database has it) as the sync SQL is built from it: its tracking, its identity
   * (the local key under protocol 1) and the synced parents its foreign keys point at.
   */
  static SyncedTable synced(Manifest m, Table t) {
    Optional<Partial> p = partial(m, t.name());
    Tracking tracking = p.map(Partial::trackingStrategy).orElse(null);
    Map<String, Integer> bits = p.map(Partial::bits).orElse(Map.of());
    if (!sync(m).globalRecordIds()) return new SyncedTable(t, tracking, bits, SyncedTable.Identity.LOCAL_KEY, Map.of());
    Map<String, SyncedTable.Parent> parents = new LinkedHashMap<>();
    for (Column c : t.allColumns()) {
      Column.Reference ref = c.references();
      if (ref == null || !syncs(m, ref.table())) continue;
      Optional<Table> parent = m.schema().tables().stream().filter(x -> x.name().equals(ref.table())).findFirst();
      recordIdColumn(parent.orElseThrow()).ifPresent(rid ->
          parents.put(c.sqlName(), new SyncedTable.Parent(ref.table(), Names.snakeCase(ref.column()), rid)));
    }
    return new SyncedTable(t, tracking, bits, SyncedTable.identityOf(t), parents);
  }

  /**
   * The columns of synced table {@code parent} that synced children reference through a translated
   * key (anything but the parent's record id itself), in first-use order.
   */
  static List<String> referencedBySyncedChildren(Manifest m, String parent) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    if (!sync(m).globalRecordIds()) return List.of();
    Optional<String> rid = m.schema().tables().stream().filter(t -> t.name().equals(parent)).findFirst().flatMap(SyncSettings::recordIdColumn);
    for (Table child : syncedTables(m)) {
      for (Column c : child.allColumns()) {
        Column.Reference ref = c.references();
        if (ref == null || !ref.table().equals(parent)) continue;
        String column = Names.snakeCase(ref.column());
        if (rid.isPresent() && !rid.get().equals(column)) out.add(column);
      }
    }
    return List.copyOf(out);
  }

  /** Where a synced table keeps the record id its children's references travel as; none for a composite key. */
  static Optional<String> recordIdColumn(Table declared) {
    if (SyncedTable.needsSyncId(declared)) return Optional.of(SyncedTable.SYNC_ID);
    List<Column> pk = declared.primaryKey();
    return pk.size() == 1 ? Optional.of(pk.get(0).sqlName()) : Optional.empty();
  }

  public static SyncConfig sync(Manifest m) {
    return m.get(FeatureKeys.SYNC).orElse(SyncConfig.NONE);
  }

  public static Conflicts conflicts(Manifest m) {
    return read(m, CONFLICTS, Conflicts.class, Conflicts.defaults());
  }

  public static Background background(Manifest m) {
    return read(m, BACKGROUND, Background.class, Background.defaults());
  }

  /** Without a configured retry policy, the background sync's maxRetries is the dead-letter limit. */
  public static Retry retry(Manifest m) {
    return read(m, RETRY, Retry.class, Retry.defaults(background(m).maxRetries()));
  }

  /** Dequeue priority of each table: the first of priorityTables ranks highest. */
  public static Map<String, Integer> tablePriorities(Manifest m) {
    List<String> tables = background(m).priorityTables();
    Map<String, Integer> out = new java.util.LinkedHashMap<>();
    for (int i = 0; i < tables.size(); i++) out.put(tables.get(i), (tables.size() - i) * 100);
    return out;
  }

  public static Manifest put(Manifest m, String key, Object config) {
    return m.withFeatureConfig(key, config);
  }

  private static <T> T read(Manifest m, String key, Class<T> type, T fallback) {
    return m.feature(key, type).orElse(fallback);
  }
}
