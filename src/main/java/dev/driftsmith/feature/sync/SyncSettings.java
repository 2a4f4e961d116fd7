package dev.driftsmith.feature.sync;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Names;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.FeatureKeys;
import dev.driftsmith.project.keys.SyncConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which tables of a manifest sync, and how each is built for the sync SQL. Every sync tool keeps
 * its settings under its own key, in its own record ({@link ConflictResolutionConfig},
 * {@link PartialSyncConfig}, ...); this is what they share.
 */
public final class SyncSettings {
  private SyncSettings() {}

  /** Every key under {@code features} that holds a sync setting. */
  public static final Set<String> KEYS = Set.of(FeatureKeys.SYNC.name(), ConflictResolutionConfig.KEY.name(),
      BackgroundSyncConfig.KEY.name(), RetryPolicyConfig.KEY.name(), OfflineIndicatorConfig.KEY.name(),
      OptimisticUpdatesConfig.KEY.name(), SyncPriorityConfig.KEY.name(), PartialSyncConfig.KEY.name());

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

  /** The table as the database has it, with its tracking: the unit the sync SQL is built from. */
  public static SyncedTable synced(Manifest m, dev.driftsmith.schema.DatabaseSchema schema, String table) {
    return synced(m, schema.require(table));
  }

  /**
   * {@code t} (as the database has it) as the sync SQL is built from it: its tracking, its identity
   * (the local key under protocol 1) and the synced parents its foreign keys point at.
   */
  static SyncedTable synced(Manifest m, Table t) {
    Optional<PartialSyncConfig> p = PartialSyncConfig.of(m, t.name());
    Tracking tracking = p.map(PartialSyncConfig::trackingStrategy).orElse(null);
    Map<String, Integer> bits = p.map(PartialSyncConfig::bits).orElse(Map.of());
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
    if (!sync(m).globalRecordIds()) return List.of();
    Children children = children(m);
    Table declared = children.tables().get(parent);
    Optional<String> rid = declared == null ? Optional.empty() : recordIdColumn(declared);
    if (rid.isEmpty()) return List.of();
    List<String> out = new ArrayList<>(children.referenced().getOrDefault(parent, Set.of()));
    out.remove(rid.get());
    return List.copyOf(out);
  }

  /**
   * The tables of a manifest by name, and for each table the columns its synced children's
   * references point at (snake case, in table and column order). The schema asks for every synced
   * table's children: looking through every table for each of them grew with the square of the tables.
   */
  private record Children(Manifest of, Map<String, Table> tables, Map<String, Set<String>> referenced) {}

  /** The last manifest's {@link Children}: one schema asks for them table after table of one manifest. */
  private static volatile Children lastChildren;

  private static Children children(Manifest m) {
    Children known = lastChildren;
    if (known != null && known.of() == m) return known;
    Map<String, Table> tables = new HashMap<>();
    for (Table t : m.schema().tables()) tables.putIfAbsent(t.name(), t);
    Map<String, Set<String>> referenced = new HashMap<>();
    for (Table child : syncedTables(m)) {
      for (Column c : child.allColumns()) {
        Column.Reference ref = c.references();
        if (ref != null) referenced.computeIfAbsent(ref.table(), k -> new LinkedHashSet<>()).add(Names.snakeCase(ref.column()));
      }
    }
    Children made = new Children(m, tables, referenced);
    lastChildren = made;
    return made;
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
}
