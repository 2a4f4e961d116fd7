package dev.driftsmith.feature.sync;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Memo;
import dev.driftsmith.project.Table;
import dev.driftsmith.schema.OwnTable;
import dev.driftsmith.schema.SchemaContributor;
import dev.driftsmith.schema.SchemaObject;
import dev.driftsmith.schema.SqlSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What sync puts in the database: the outbox and its companion tables, the capture triggers of
 * every synced table (computed from its current columns, so a column added later is synced too),
 * and for partial sync the dirty-set column and its tracking trigger. The rows a table holds when it
 * starts to sync are queued as inserts, and a new dirty set is filled from the queue, in the step
 * that creates their triggers.
 */
final class SyncSchema implements SchemaContributor {
  @Override
  public List<Column> columns(Manifest m, Table declared) {
    List<Column> out = new ArrayList<>();
    if (SyncSettings.syncs(m, declared.name()) && SyncSettings.sync(m).globalRecordIds() && SyncedTable.needsSyncId(declared)) {
      out.add(SyncedTable.syncIdColumn());
    }
    PartialSyncConfig.of(m, declared.name()).flatMap(p -> SyncedTable.dirtyColumnFor(p.trackingStrategy())).ifPresent(out::add);
    return out;
  }

  @Override
  public List<SchemaObject> systemObjects(Manifest m) {
    return SyncSettings.enabled(m) ? OutboxSql.systemObjects() : List.of();
  }

  @Override
  public List<OwnTable> ownTables(Manifest m) {
    return OwnTable.of(OutboxSql.systemObjects(), "sync");
  }

  @Override
  public List<SchemaObject> objectsOn(Manifest m, Table table) {
    if (!SyncSettings.syncs(m, table.name())) return List.of();
    SyncedTable t = SyncSettings.synced(m, table);
    List<String> referenced = t.identity() == SyncedTable.Identity.SYNC_ID ? SyncSettings.referencedBySyncedChildren(m, t.name()) : List.of();
    return OBJECTS.get(new ObjectsInput(table, t, referenced), SyncSchema::objects);
  }

  /** What a synced table's objects are built from: the table, as it syncs, and the synced tables whose keys point at it. */
  private record ObjectsInput(Table table, SyncedTable synced, List<String> referencedBy) {}

  /**
   * The objects of the last few hundred synced tables, by what they are built from. The schema of
   * each new manifest holds every synced table's triggers, and a call changes one table or none:
   * building every table's triggers again made each call cost more the more tables synced.
   */
  private static final Memo<ObjectsInput, List<SchemaObject>> OBJECTS = new Memo<>(512);

  private static List<SchemaObject> objects(ObjectsInput in) {
    Table table = in.table();
    SyncedTable t = in.synced();
    List<SchemaObject> out = new ArrayList<>();
    if (t.timestamps()) {
      out.add(SchemaObject.trigger(SqlSchema.touchTriggerName(table), table.name(),
          SqlSchema.touchUpdatedAtTrigger(table, touchGuard(t)), OutboxSql.DRIFT_FILE));
    }
    List<String> names = OutboxSql.triggerNames(t);
    List<String> triggers = OutboxSql.triggers(t);
    for (int i = 0; i < triggers.size(); i++) {
      SchemaObject trigger = SchemaObject.trigger(names.get(i), table.name(), triggers.get(i), OutboxSql.DRIFT_FILE);
      // The rows stored before are queued; the pull starts over, for the server changes of this
      // table that pulls skipped while it did not sync.
      if (i == 0) trigger = trigger.withFill(List.of(OutboxSql.backfill(t), SyncQueries.FORGET_CURSOR), false);
      if (i == 3) {
        trigger = trigger.withFill(List.of(SyncQueries.BEGIN_REMOTE, SyncQueries.dirtyFromQueue(t), SyncQueries.END_REMOTE), false);
      }
      out.add(trigger);
    }
    if (t.identity() == SyncedTable.Identity.SYNC_ID) {
      out.add(OutboxSql.fixedSyncId(t));
      if (!in.referencedBy().isEmpty()) out.addAll(OutboxSql.keepIdWhileDeleting(t, in.referencedBy()));
    }
    return List.copyOf(out);
  }

  @Override
  public List<String> openStatements(Manifest m) {
    return SyncSettings.enabled(m) ? List.of(OutboxSql.ENSURE_NODE_ID) : List.of();
  }

  /** The sync_meta keys under which the touch trigger of a synced table leaves updated_at alone. */
  static final String TOUCH_QUIET_WHILE = "meta_key IN ('" + OutboxSql.APPLYING_REMOTE + "', '" + OutboxSql.RELEASING_CHILDREN + "')";

  /**
   * Writes applied from the server keep the server's updated_at, and so do the children this device
   * lets go of when the server deletes their parent (the user did not edit them); with partial sync,
   * only a change of data moves it, not the trigger that records the dirty set.
   */
  static String touchGuard(SyncedTable t) {
    String guard = " AND NOT EXISTS (SELECT 1 FROM " + OutboxSql.META + " WHERE " + TOUCH_QUIET_WHILE + ")";
    if (t.tracking() != null) {
      String changed = t.trackedColumns().stream().filter(c -> !c.name().equals("updatedAt"))
          .map(c -> "NEW." + c.sqlName() + " IS NOT OLD." + c.sqlName()).collect(Collectors.joining(" OR "));
      guard += " AND (" + changed + ")";
    }
    return guard;
  }
}
