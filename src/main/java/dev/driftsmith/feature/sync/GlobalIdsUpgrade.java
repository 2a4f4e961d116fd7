package dev.driftsmith.feature.sync;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.keys.FeatureKeys;
import dev.driftsmith.project.keys.SyncConfig;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.schema.DeviceId;
import dev.driftsmith.schema.SchemaSteps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves a project that synced under protocol 1 (the local key as record id) to global record ids,
 * in one schema step of installed apps. The computed part of the step rebuilds each table with an
 * integer key to add its {@code sync_id} (SQLite gives every existing row a UUID as it copies it)
 * and recreates the triggers; the rows part, here, rewrites everything the device queued under the
 * old ids, in the same transaction: operations (record id, parent references in payload, snapshot
 * and parents list), known versions, deferred server changes and open conflicts. Operations that
 * were in flight go back to the queue with their op id, and the pull starts over (a cursor of the
 * version 1 server means nothing to a version 2 one). Nothing queued is dropped.
 *
 * <p>A record whose row no longer exists here (a queued delete) has no sync_id; it gets
 * {@code v1-<node id>-<old id>}, unique to this device, so all its operations keep naming one record.
 * Every statement only rewrites ids in the old form (integers), so it changes nothing that is
 * already a global id.
 */
final class GlobalIdsUpgrade {
  private GlobalIdsUpgrade() {}

  static final String DESCRIPTION = "sync protocol 2: global record ids";

  /** Tables that name records by (entity, record_id), and their JSON columns that may hold references. */
  private static final Map<String, List<String>> QUEUES = queues();

  private static Map<String, List<String>> queues() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    out.put(OutboxSql.OUTBOX, List.of("payload", "snapshot"));
    out.put(OutboxSql.RECORDS, List.of());
    out.put(OutboxSql.DEFERRED, List.of("payload"));
    out.put(OutboxSql.CONFLICTS, List.of("local_payload", "server_payload"));
    return out;
  }

  /** {@code m} at the current protocol, with the step that moves installed apps there; {@code m} when current. */
  static Manifest apply(Manifest m, SchemaSteps steps, List<String> notes) throws ToolException {
    SyncConfig sync = SyncSettings.sync(m);
    if (sync.globalRecordIds()) return m;
    Manifest next = m.with(FeatureKeys.SYNC, sync.withProtocol(SyncConfig.CURRENT_PROTOCOL));
    if (!SyncSettings.enabled(m)) return next;
    Manifest recorded = steps.record(m, next, DESCRIPTION, rows(next, steps.model().of(next)));
    notes.add("Sync now identifies records by global ids (protocol 2): tables with an integer key get a sync_id, a UUID"
        + " SQLite sets on insert, and foreign keys to synced tables travel as the parent's record id. Schema step "
        + recorded.schema().version() + " moves installed apps: it gives every row its sync_id and rewrites the queued"
        + " changes to the new ids, losing none. The server must speak protocol 2 (docs/sync-protocol.md).");
    return recorded;
  }

  /** The rows part of the step, for the synced tables of {@code next} as its database has them. */
  static List<String> rows(Manifest next, DatabaseSchema schema) {
    List<String> out = new ArrayList<>();
    // The node id names the records whose rows are gone; the app creates it when it opens the database.
    out.add(DeviceId.ENSURE);
    for (var declared : SyncSettings.syncedTables(next)) {
      SyncedTable t = SyncSettings.synced(next, schema, declared.name());
      out.addAll(recordIds(t));
      out.addAll(references(t));
    }
    out.add(SyncQueries.REQUEUE_IN_FLIGHT);
    out.add(SyncQueries.FORGET_CURSOR);
    return out;
  }

  /** Rewrites the old record ids of {@code t}'s records in every queue. */
  private static List<String> recordIds(SyncedTable t) {
    String newId = switch (t.identity()) {
      case SYNC_ID -> globalId(t.name(), t.primaryKey().get(0).sqlName(), SyncedTable.SYNC_ID, "record_id");
      case COMPOSITE_KEY -> compositeId(t);
      default -> null;
    };
    if (newId == null) return List.of();
    String oldForm = t.identity() == SyncedTable.Identity.SYNC_ID ? isInteger("record_id") : "json_valid(record_id)";
    List<String> out = new ArrayList<>();
    for (String queue : QUEUES.keySet()) {
      out.add("UPDATE " + queue + " SET record_id = " + newId + " WHERE entity = '" + t.name() + "' AND " + oldForm);
    }
    return out;
  }

  /** A composite record id with each component that references a synced parent as the parent's record id. */
  private static String compositeId(SyncedTable t) {
    List<String> parts = new ArrayList<>();
    List<Column> pk = t.primaryKey();
    for (int i = 0; i < pk.size(); i++) {
      String part = "json_extract(record_id, '$[" + i + "]')";
      SyncedTable.Parent p = t.parents().get(pk.get(i).sqlName());
      if (p != null && !p.referencesRecordId()) {
        part = "CASE WHEN json_type(record_id, '$[" + i + "]') = 'integer' THEN "
            + globalId(p.table(), p.column(), p.recordIdColumn(), part) + " ELSE " + part + " END";
      }
      parts.add(part);
    }
    return "json_array(" + String.join(", ", parts) + ")";
  }

  /**
   * Parent references inside {@code t}'s queued JSON (payloads, snapshots, conflicts) and parents
   * lists, from the parents' local keys to their record ids; for a table with an integer key, its
   * local key leaves the JSON (it never travels under protocol 2).
   */
  private static List<String> references(SyncedTable t) {
    List<String> out = new ArrayList<>();
    String entity = " WHERE entity = '" + t.name() + "'";
    for (Map.Entry<String, List<String>> queue : QUEUES.entrySet()) {
      for (String json : queue.getValue()) {
        String value = json;
        for (Column c : t.parentColumns()) {
          SyncedTable.Parent p = t.parents().get(c.sqlName());
          if (p.referencesRecordId()) continue;
          String path = "'$." + c.sqlName() + "'";
          value = "CASE WHEN json_type(" + value + ", " + path + ") = 'integer' THEN json_set(" + value + ", " + path + ", "
              + globalId(p.table(), p.column(), p.recordIdColumn(), "json_extract(" + value + ", " + path + ")") + ") ELSE "
              + value + " END";
        }
        if (t.identity() == SyncedTable.Identity.SYNC_ID) {
          value = "json_remove(" + value + ", '$." + t.primaryKey().get(0).sqlName() + "')";
        }
        if (!value.equals(json)) out.add("UPDATE " + queue.getKey() + " SET " + json + " = " + value + entity);
      }
    }
    String parents = parentsList(t);
    if (parents != null) out.add("UPDATE " + OutboxSql.OUTBOX + " SET parents = " + parents + entity);
    return out;
  }

  /** The parents list of an operation of {@code t} with each old-form entry ({@code table:42}) as the parent's record id. */
  private static String parentsList(SyncedTable t) {
    Map<String, SyncedTable.Parent> byTable = new LinkedHashMap<>();
    for (SyncedTable.Parent p : t.parents().values()) if (!p.referencesRecordId()) byTable.putIfAbsent(p.table(), p);
    if (byTable.isEmpty()) return null;
    StringBuilder entry = new StringBuilder("CASE");
    for (SyncedTable.Parent p : byTable.values()) {
      String prefix = "'" + p.table() + ":'";
      String local = "substr(j.value, " + (p.table().length() + 2) + ")";
      entry.append(" WHEN substr(j.value, 1, ").append(p.table().length() + 1).append(") = ").append(prefix)
          .append(" AND ").append(isInteger(local)).append(" THEN ").append(prefix).append(" || ")
          .append(globalId(p.table(), p.column(), p.recordIdColumn(), local));
    }
    entry.append(" ELSE j.value END");
    return "(SELECT json_group_array(" + entry + ") FROM json_each(" + OutboxSql.OUTBOX + ".parents) j)";
  }

  /**
   * The record id of the row of {@code table} whose {@code column} is {@code local}; for a row that
   * is gone, an id unique to this device, the same for every statement that names it.
   */
  private static String globalId(String table, String column, String recordIdColumn, String local) {
    return "coalesce((SELECT x." + recordIdColumn + " FROM " + table + " x WHERE x." + column + " = " + local + "), "
        + "'v1-' || " + DeviceId.VALUE + " || '-' || " + local + ")";
  }

  /** Whether text {@code value} is an integer written as SQLite writes it: a record id of protocol 1. */
  private static String isInteger(String value) {
    return "CAST(CAST(" + value + " AS INTEGER) AS TEXT) = " + value;
  }
}
