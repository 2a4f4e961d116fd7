package dev.driftsmith.feature.sync;

import dev.driftsmith.project.Column;
import dev.driftsmith.schema.DateTimeSql;
import dev.driftsmith.schema.DeviceId;
import dev.driftsmith.schema.RemoteApply;
import dev.driftsmith.schema.RowJson;
import dev.driftsmith.schema.SchemaObject;
import dev.driftsmith.schema.UuidSql;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The DDL of the sync layer: the outbox and its companion tables, and the change-capture triggers
 * of every synced table. Triggers append to the outbox in the same transaction as the write, so no
 * code path can change a synced row without queueing it. It lives with the schema because it is
 * schema: it is versioned, migrated and replayed like any table.
 */
public final class OutboxSql {
  private OutboxSql() {}

  public static final String OUTBOX = "sync_outbox";
  public static final String META = DeviceId.TABLE;
  public static final String RECORDS = "sync_records";
  public static final String CONFLICTS = "sync_conflicts";
  public static final String DEFERRED = "sync_deferred";
  /** Set (inside the transaction that applies server changes) to keep those changes out of the outbox. */
  public static final String APPLYING_REMOTE = RemoteApply.MARKER;
  /**
   * Set while a server delete's ON DELETE actions run on this device's children: the capture
   * triggers queue them, but the touch trigger leaves updated_at alone, since letting go of a
   * deleted parent is not the user's edit and must not beat a newer one under lastWriteWins.
   */
  public static final String RELEASING_CHILDREN = "releasing_children";
  /** The key of this device's node id in sync_meta (its counter in vector clocks). */
  public static final String NODE_ID = DeviceId.KEY;
  /** Creates this device's node id, 16 random hex digits, unless it exists: run when the database opens. */
  public static final String ENSURE_NODE_ID = DeviceId.ENSURE;
  /** The current time as the one stored date-time format (ISO-8601 UTC, milliseconds). */
  public static final String NOW = DateTimeSql.NOW;


  /** The sync layer's own tables and their indexes, declared in {@code sync.drift}. */
  public static List<SchemaObject> systemObjects() {
    List<SchemaObject> out = new ArrayList<>();
    for (String sql : systemTables()) {
      boolean index = sql.startsWith("CREATE INDEX");
      String name = sql.replaceFirst("^CREATE (TABLE|INDEX) IF NOT EXISTS ", "").split("[ (]", 2)[0];
      out.add(index ? SchemaObject.index(name, null, sql, DRIFT_FILE) : SchemaObject.table(name, sql, DRIFT_FILE));
    }
    return out;
  }

  /** Where drift learns of the sync tables and triggers. */
  public static final String DRIFT_FILE = "sync/sync.drift";

  public static List<String> systemTables() {
    return List.of(
        "CREATE TABLE IF NOT EXISTS " + OUTBOX + " ("
            + "seq INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "
            + "op_id TEXT NOT NULL UNIQUE, "
            + "entity TEXT NOT NULL, "
            + "record_id TEXT NOT NULL, "
            + "op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')), "
            + "payload TEXT NULL, "
            + "snapshot TEXT NULL, "
            + "base_version INTEGER NULL, "
            + "parents TEXT NOT NULL DEFAULT '[]', "
            + "priority INTEGER NOT NULL DEFAULT 0, "
            + "deadline_at TEXT NULL, "
            + "created_at TEXT NOT NULL DEFAULT (" + NOW + "), "
            + "sent_at TEXT NULL, "
            + "attempts INTEGER NOT NULL DEFAULT 0, "
            + "next_attempt_at TEXT NULL, "
            + "last_error TEXT NULL, "
            + "server_response TEXT NULL, "
            + "state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'inFlight', 'failed', 'conflict', 'dead')))",
        "CREATE INDEX IF NOT EXISTS sync_outbox_record_idx ON " + OUTBOX + " (entity, record_id)",
        "CREATE INDEX IF NOT EXISTS sync_outbox_queue_idx ON " + OUTBOX + " (state, priority, seq)",
        "CREATE TABLE IF NOT EXISTS " + META + " (meta_key TEXT NOT NULL PRIMARY KEY, meta_value TEXT NULL)",
        "CREATE TABLE IF NOT EXISTS " + RECORDS + " (entity TEXT NOT NULL, record_id TEXT NOT NULL, "
            + "version INTEGER NULL, PRIMARY KEY (entity, record_id))",
        "CREATE TABLE IF NOT EXISTS " + CONFLICTS + " ("
            + "id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "
            + "op_id TEXT NOT NULL, "
            + "entity TEXT NOT NULL, "
            + "record_id TEXT NOT NULL, "
            + "local_payload TEXT NULL, "
            + "server_payload TEXT NULL, "
            + "server_version INTEGER NULL, "
            + "created_at TEXT NOT NULL DEFAULT (" + NOW + "), "
            + "resolved_at TEXT NULL, "
            + "resolution TEXT NULL)",
        // The latest server change to a record that had unconfirmed local changes when it was pulled;
        // applied once those are settled, so the device does not miss it.
        "CREATE TABLE IF NOT EXISTS " + DEFERRED + " (entity TEXT NOT NULL, record_id TEXT NOT NULL, "
            + "op TEXT NOT NULL, payload TEXT NULL, version INTEGER NULL, PRIMARY KEY (entity, record_id))");
  }

  /**
   * Row class names for the drift file ({@code CREATE TABLE ... AS Name}): drift would otherwise
   * derive names such as {@code SyncConflict} that clash with the engine's own types.
   */
  public static final java.util.Map<String, String> ROW_CLASSES = java.util.Map.of(
      OUTBOX, "SyncOutboxRow", META, "SyncMetaRow", RECORDS, "SyncRecordRow", CONFLICTS, "SyncConflictRow",
      DEFERRED, "SyncDeferredRow");

  public static List<String> triggerNames(SyncedTable t) {
    return List.of(t.name() + "_sync_insert", t.name() + "_sync_update", t.name() + "_sync_delete", t.name() + "_track_changes");
  }

  /** The three change-capture triggers of a synced table, in creation order. */
  public static List<String> triggers(SyncedTable t) {
    List<String> names = triggerNames(t);
    String guard = " FOR EACH ROW WHEN NOT " + RemoteApply.ACTIVE + " BEGIN ";
    String entity = "'" + t.name() + "'";
    String newId = recordId(t, "NEW");
    String oldId = recordId(t, "OLD");
    String sameRecordNew = "entity = " + entity + " AND record_id = " + newId;
    String sameRecordOld = "entity = " + entity + " AND record_id = " + oldId;
    // Only an operation that was never sent may absorb later changes: a sent one may already be
    // applied on the server under its op_id, which the server would then ignore.
    String unsent = " AND state = 'pending' AND sent_at IS NULL";
    String baseVersion = "(SELECT version FROM " + RECORDS + " WHERE " + sameRecordNew + ")";

    String insert = "CREATE TRIGGER " + names.get(0) + " AFTER INSERT ON " + t.name() + guard
        + "INSERT INTO " + OUTBOX + " (op_id, entity, record_id, op, payload, base_version, parents) VALUES ("
        + UUID + ", " + entity + ", " + newId + ", 'insert', " + payload(t, "NEW") + ", "
        + baseVersion + ", " + parents(t, "NEW") + "); END";

    boolean deltas = t.tracking() != null;
    // Partial sync: an update carries only the columns it changed (merged with those of the unsent
    // operation it joins); a write that changed no tracked column (the dirty set itself) sends nothing.
    String updateGuard = deltas ? guard.replace(") BEGIN ", ") AND (" + anyChanged(t) + ") BEGIN ") : guard;
    // The row as it is now, not NEW: triggers fired by this update (updated_at, the dirty set) may
    // have written it again, and this trigger can run after them with a stale NEW.
    String current = currentRow(t);
    String coalescedPayload = deltas
        ? "CASE WHEN op = 'insert' THEN " + current + " ELSE " + delta(t, "payload") + " END"
        : current;
    String newPayload = deltas ? delta(t, null) : current;
    String update = "CREATE TRIGGER " + names.get(1) + " AFTER UPDATE ON " + t.name() + updateGuard
        + "UPDATE " + OUTBOX + " SET payload = " + coalescedPayload + ", parents = " + mergedParents(t)
        + " WHERE " + sameRecordNew + " AND op IN ('insert', 'update')" + unsent + "; "
        + "INSERT INTO " + OUTBOX + " (op_id, entity, record_id, op, payload, snapshot, base_version, parents) SELECT "
        + UUID + ", " + entity + ", " + newId + ", 'update', " + newPayload + ", " + payload(t, "OLD") + ", "
        + baseVersion + ", " + parents(t, "NEW", "OLD")
        + " WHERE NOT EXISTS (SELECT 1 FROM " + OUTBOX + " WHERE " + sameRecordNew + " AND op IN ('insert', 'update')" + unsent + "); END";

    // A row deleted before its insert was ever sent never existed for the server: drop its
    // operations and send nothing. Otherwise the delete supersedes any unsent update.
    String delete = "CREATE TRIGGER " + names.get(2) + " AFTER DELETE ON " + t.name() + guard
        + "INSERT INTO " + OUTBOX + " (op_id, entity, record_id, op, payload, snapshot, base_version, parents) SELECT "
        + UUID + ", " + entity + ", " + oldId + ", 'delete', NULL, " + payload(t, "OLD") + ", "
        + "(SELECT version FROM " + RECORDS + " WHERE " + sameRecordOld + "), " + parents(t, "OLD")
        + " WHERE NOT EXISTS (SELECT 1 FROM " + OUTBOX + " WHERE " + sameRecordOld + " AND op = 'insert'" + unsent + "); "
        + "DELETE FROM " + OUTBOX + " WHERE " + sameRecordOld + " AND op IN ('insert', 'update')" + unsent + "; END";
    if (!deltas) return List.of(insert, update, delete);
    return List.of(insert, update, delete, trackChanges(t, names.get(3), guard));
  }

  /** Whether any tracked column of the row changed (IS NOT: NULL-safe, equal values are no change). */
  static String anyChanged(SyncedTable t) {
    return t.trackedColumns().stream().map(c -> "NEW." + c.sqlName() + " IS NOT OLD." + c.sqlName())
        .collect(Collectors.joining(" OR "));
  }

  /**
   * The delta of an update: the row's current values of the columns this change touched, plus
   * (when {@code existing} names the payload of an operation it joins) the columns already in it.
   * Built by removing the other columns from the full row, so value types stay as in full payloads.
   */
  static String delta(SyncedTable t, String existing) {
    List<String> paths = new ArrayList<>();
    for (Column c : t.syncedColumns()) if (c.primaryKey()) paths.add("'$." + c.sqlName() + "'");
    for (Column c : t.trackedColumns()) {
      String keep = "NEW." + c.sqlName() + " IS NOT OLD." + c.sqlName()
          + (existing == null ? "" : " OR json_type(" + existing + ", '$." + c.sqlName() + "') IS NOT NULL");
      paths.add("CASE WHEN " + keep + " THEN '$.\"__kept\"' ELSE '$." + c.sqlName() + "' END");
    }
    return "json_remove(" + currentRow(t) + ", " + String.join(", ", paths) + ")";
  }

  /**
   * Marks the columns an update changed as dirty, whatever code path wrote them; the set is cleared
   * only when the server acknowledged the change (see the engine's clearDirty).
   */
  static String trackChanges(SyncedTable t, String name, String guard) {
    String dirty = t.dirtyColumn().orElseThrow().sqlName();
    String marked;
    if (t.tracking() == Tracking.FIELD_LEVEL) {
      String changed = t.trackedColumns().stream()
          .map(c -> "SELECT '" + c.sqlName() + "' WHERE NEW." + c.sqlName() + " IS NOT OLD." + c.sqlName())
          .collect(Collectors.joining(" UNION "));
      marked = "(SELECT json_group_array(value) FROM (SELECT value FROM json_each(" + dirty + ") UNION " + changed + "))";
    } else {
      Map<String, Integer> bits = t.bits();
      marked = dirty + t.trackedColumns().stream()
          .map(c -> " | (CASE WHEN NEW." + c.sqlName() + " IS NOT OLD." + c.sqlName() + " THEN " + (1L << bits.get(c.sqlName())) + " ELSE 0 END)")
          .collect(Collectors.joining());
    }
    return "CREATE TRIGGER " + name + " AFTER UPDATE ON " + t.name()
        + guard.replace(") BEGIN ", ") AND NEW." + dirty + " IS OLD." + dirty + " AND (" + anyChanged(t) + ") BEGIN ")
        + "UPDATE " + t.name() + " SET " + dirty + " = " + marked + " WHERE rowid = NEW.rowid; END";
  }

  /**
   * While a row of parent {@code t} is deleted, keeps its record id under the value of each
   * {@code referenced} column (the triggers of the children a cascade deletes or sets null fire
   * after the parent's row is gone, and must still name it); forgets it once the delete is done.
   * Unguarded: a delete applied from the server cascades the same way.
   */
  static List<SchemaObject> keepIdWhileDeleting(SyncedTable t, List<String> referenced) {
    List<String> keep = new ArrayList<>();
    List<String> forget = new ArrayList<>();
    for (String column : referenced) {
      String key = "'" + SyncedTable.DYING + t.name() + ":' || OLD." + column;
      keep.add("INSERT INTO " + META + " (meta_key, meta_value) VALUES (" + key + ", " + t.recordId("OLD") + ")"
          + " ON CONFLICT (meta_key) DO UPDATE SET meta_value = excluded.meta_value; ");
      forget.add("DELETE FROM " + META + " WHERE meta_key = " + key + "; ");
    }
    String before = t.name() + "_sync_keep_id";
    String after = t.name() + "_sync_forget_id";
    return List.of(
        SchemaObject.trigger(before, t.name(), "CREATE TRIGGER " + before + " BEFORE DELETE ON " + t.name()
            + " FOR EACH ROW BEGIN " + String.join("", keep) + "END", DRIFT_FILE),
        SchemaObject.trigger(after, t.name(), "CREATE TRIGGER " + after + " AFTER DELETE ON " + t.name()
            + " FOR EACH ROW BEGIN " + String.join("", forget) + "END", DRIFT_FILE));
  }

  /**
   * A row's sync_id never changes: other devices and the server know the record by it, and a new one
   * would make the record two. Inserting sets it (SQLite's default, or the server's id on pull).
   */
  static SchemaObject fixedSyncId(SyncedTable t) {
    String name = t.name() + "_sync_id_fixed";
    return SchemaObject.trigger(name, t.name(), "CREATE TRIGGER " + name + " BEFORE UPDATE OF " + SyncedTable.SYNC_ID + " ON "
        + t.name() + " FOR EACH ROW WHEN NEW." + SyncedTable.SYNC_ID + " IS NOT OLD." + SyncedTable.SYNC_ID
        + " BEGIN SELECT RAISE(ABORT, '" + t.name() + ".sync_id is the row''s global record id and never changes'); END", DRIFT_FILE);
  }

  public static List<String> dropTriggers(SyncedTable t) {
    return triggerNames(t).stream().map(n -> "DROP TRIGGER IF EXISTS " + n).toList();
  }

  /** A random RFC 4122 version-4 UUID, the operation's idempotency key. */
  static final String UUID = UuidSql.V4;

  /** The record id of a row: its sync_id, its text key, or a JSON array for a composite key. */
  public static String recordId(SyncedTable t, String row) {
    return t.recordId(row);
  }

  /** The payload of the row as stored at this moment (read back by rowid). */
  static String currentRow(SyncedTable t) {
    return "(SELECT " + payload(t, "cur") + " FROM " + t.name() + " cur WHERE cur.rowid = NEW.rowid)";
  }

  /** The synced columns of the row as JSON, foreign keys to synced parents as the parents' record ids. */
  public static String payload(SyncedTable t, String row) {
    return RowJson.of(t.syncedColumns(), row, RowJson.Spelling.BARE, t::toRecordId);
  }

  /**
   * The records the row versions in {@code rows} point at ({@code "table:id"}), so the queue sends
   * a child neither before its parent's insert nor after its parent's delete. A reference to a
   * column other than the parent's primary key matches no outbox record and so never blocks.
   */
  static String parents(SyncedTable t, String... rows) {
    List<String> selects = new ArrayList<>();
    for (String row : rows) {
      for (Column c : t.allColumns()) {
        Column.Reference ref = c.references();
        if (ref == null) continue;
        String value = t.toRecordId(c, row + "." + c.sqlName());
        selects.add("SELECT '" + ref.table() + ":' || " + value + " AS value WHERE " + value + " IS NOT NULL");
      }
    }
    if (selects.isEmpty()) return "'[]'";
    return "(SELECT json_group_array(value) FROM (SELECT DISTINCT value FROM (" + String.join(" UNION ALL ", selects) + ")))";
  }

  /** A coalesced operation keeps the parents it had and gains this change's: none may be forgotten. */
  static String mergedParents(SyncedTable t) {
    String own = parents(t, "NEW", "OLD");
    if (own.equals("'[]'")) return "parents";
    return "(SELECT json_group_array(value) FROM (SELECT DISTINCT value FROM (SELECT value FROM json_each("
        + OUTBOX + ".parents) UNION ALL SELECT value FROM json_each(" + own + "))))";
  }

  /**
   * Queues the rows a table already holds when it starts to sync, as inserts: the server has never
   * seen them. Runs in the schema step that enables sync, so upgraded apps upload their data.
   */
  public static String backfill(SyncedTable t) {
    return "INSERT INTO " + OUTBOX + " (op_id, entity, record_id, op, payload, parents) SELECT "
        + UUID + ", '" + t.name() + "', " + recordId(t, t.name()) + ", 'insert', " + payload(t, t.name()) + ", "
        + parents(t, t.name()) + " FROM " + t.name();
  }
}
