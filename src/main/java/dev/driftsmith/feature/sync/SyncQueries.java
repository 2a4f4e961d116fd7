package dev.driftsmith.feature.sync;

import static dev.driftsmith.feature.sync.OutboxSql.APPLYING_REMOTE;
import static dev.driftsmith.feature.sync.OutboxSql.CONFLICTS;
import static dev.driftsmith.feature.sync.OutboxSql.DEFERRED;
import static dev.driftsmith.feature.sync.OutboxSql.META;
import static dev.driftsmith.feature.sync.OutboxSql.NOW;
import static dev.driftsmith.feature.sync.OutboxSql.OUTBOX;
import static dev.driftsmith.feature.sync.OutboxSql.RECORDS;
import static dev.driftsmith.feature.sync.OutboxSql.RELEASING_CHILDREN;

import dev.driftsmith.feature.sync.OutboxSql;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.KeyAction;
import dev.driftsmith.project.Names;
import dev.driftsmith.project.Table;
import dev.driftsmith.schema.DateTimeSql;
import dev.driftsmith.schema.SqlSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every SQL statement the generated sync engine runs. The Dart code holds these exact strings
 * (rendered from here), and our tests run these same strings on SQLite. Parameters are numbered
 * ({@code ?1}) so one bound value can appear several times.
 */
public final class SyncQueries {
  private SyncQueries() {}

  /**
   * How urgent each operation is (template 12). Levels: 0 low, 1 normal, 2 high, 3 critical. Rules
   * map {@code table} or {@code table.op} to a level; the more specific rule wins; unmatched
   * operations are normal. A waiting operation rises one level per {@code agePromotionMs} (0: never),
   * and one whose deadline is within that span is critical; nothing goes above critical.
   */
  public record PriorityRules(Map<String, Integer> levels, long agePromotionMs) {
    public static final PriorityRules NONE = new PriorityRules(Map.of(), 0);
  }

  /** The moment a query runs: ?2 when given (tests pin the clock), else SQLite's clock. */
  static final String QUERY_NOW = "coalesce(?2, " + NOW + ")";

  public static String dequeue(Map<String, Integer> tableWeights) {
    return dequeue(tableWeights, PriorityRules.NONE);
  }

  /**
   * Operations ready to send, at most ?1, at the moment ?2 (null: now): due; deadline not passed;
   * not behind an earlier operation on the same record; not a child whose parent's insert is still
   * queued; not a delete of a parent while an earlier operation on one of its children is queued.
   * Ordered by effective priority level, then the table weights of background sync, then age.
   */
  public static String dequeue(Map<String, Integer> tableWeights, PriorityRules rules) {
    // An integer literal in ORDER BY would name a result column: without weights, leave the term out.
    String weight = "";
    if (!tableWeights.isEmpty()) {
      weight = "CASE o.entity " + tableWeights.entrySet().stream()
          .map(e -> "WHEN '" + e.getKey() + "' THEN " + e.getValue())
          .collect(Collectors.joining(" ")) + " ELSE 0 END DESC, ";
    }
    return "SELECT o.seq, o.op_id, o.entity, o.record_id, o.op, o.payload, o.snapshot, o.base_version, o.attempts, "
        + level(rules) + " AS level"
        + " FROM " + OUTBOX + " o"
        + " WHERE o.state IN ('pending', 'failed')"
        + " AND (o.next_attempt_at IS NULL OR julianday(o.next_attempt_at) <= julianday(" + QUERY_NOW + "))"
        + " AND (o.deadline_at IS NULL OR julianday(o.deadline_at) > julianday(" + QUERY_NOW + "))"
        + " AND NOT EXISTS (SELECT 1 FROM " + OUTBOX + " e WHERE e.entity = o.entity AND e.record_id = o.record_id AND e.seq < o.seq)"
        + " AND NOT EXISTS (SELECT 1 FROM json_each(o.parents) j JOIN " + OUTBOX
        + " p ON p.op = 'insert' AND p.entity || ':' || p.record_id = j.value)"
        + " AND NOT (o.op = 'delete' AND EXISTS (SELECT 1 FROM " + OUTBOX + " c, json_each(c.parents) k"
        + " WHERE c.seq < o.seq AND k.value = o.entity || ':' || o.record_id))"
        + " ORDER BY level DESC, " + weight + "o.seq LIMIT ?1";
  }

  /** The effective level: configured (plus the row's own boost), aged, deadline-promoted, capped at critical. */
  static String level(PriorityRules rules) {
    StringBuilder base = new StringBuilder("CASE");
    // Specific rules (table.op) before table rules.
    rules.levels().entrySet().stream().filter(e -> e.getKey().contains(".")).sorted(Map.Entry.comparingByKey()).forEach(e -> {
      String[] parts = e.getKey().split("\\.");
      base.append(" WHEN o.entity = '").append(parts[0]).append("' AND o.op = '").append(parts[1]).append("' THEN ").append(e.getValue());
    });
    rules.levels().entrySet().stream().filter(e -> !e.getKey().contains(".")).sorted(Map.Entry.comparingByKey()).forEach(e ->
        base.append(" WHEN o.entity = '").append(e.getKey()).append("' THEN ").append(e.getValue()));
    String configured = rules.levels().isEmpty() ? "1" : base.append(" ELSE 1 END").toString();
    String aged = configured + " + o.priority";
    String deadlineNear = "";
    if (rules.agePromotionMs() > 0) {
      // A clock set back makes the wait negative: it counts as none.
      String waitedMs = "max(0, CAST((julianday(" + QUERY_NOW + ") - julianday(o.created_at)) * 86400000 AS INTEGER))";
      aged += " + " + waitedMs + " / " + rules.agePromotionMs();
      deadlineNear = " WHEN o.deadline_at IS NOT NULL AND (julianday(o.deadline_at) - julianday(" + QUERY_NOW + ")) * 86400000 <= "
          + rules.agePromotionMs() + " THEN 3";
    }
    return "(CASE" + deadlineNear + " WHEN " + aged + " >= 3 THEN 3 ELSE " + aged + " END)";
  }

  /** Queued operations whose deadline passed at ?1 (null: now). */
  public static final String EXPIRED = "SELECT seq, op_id, entity, record_id, op, payload, attempts, last_error, server_response, created_at"
      + " FROM " + OUTBOX + " WHERE state IN ('pending', 'failed') AND deadline_at IS NOT NULL"
      + " AND julianday(deadline_at) <= julianday(coalesce(?1, " + NOW + ")) ORDER BY seq";

  /** Dead-letters operation ?1: its deadline passed. */
  public static final String EXPIRE = "UPDATE " + OUTBOX + " SET state = 'dead', last_error = 'deadline passed' WHERE op_id = ?1";

  /** Raises the level boost to at least ?3 and sets the deadline ?4 (when given) of the queued operations of record (?1, ?2). */
  public static final String EXPEDITE = "UPDATE " + OUTBOX + " SET priority = max(priority, ?3), deadline_at = coalesce(?4, deadline_at)"
      + " WHERE entity = ?1 AND record_id = ?2 AND state IN ('pending', 'failed')";

  /** Marks a batch (a JSON array of seq numbers) as sent. */
  public static final String CLAIM = "UPDATE " + OUTBOX + " SET state = 'inFlight', sent_at = coalesce(sent_at, " + NOW + ")"
      + " WHERE seq IN (SELECT value FROM json_each(?1))";

  /** After a crash or a lost connection: what was in flight goes back to the queue (the op_id keeps a resend safe). */
  public static final String REQUEUE_IN_FLIGHT = "UPDATE " + OUTBOX + " SET state = 'pending' WHERE state = 'inFlight'";

  /** The server applied ?1: forget the operation. */
  public static final String ACK = "DELETE FROM " + OUTBOX + " WHERE op_id = ?1";

  /** A failed attempt of ?1 with error ?2 and the server's answer ?3: retried after ?4 seconds, or a
   *  dead letter once it has failed ?5 times. */
  public static final String FAIL = "UPDATE " + OUTBOX + " SET attempts = attempts + 1,"
      + " state = CASE WHEN attempts + 1 >= ?5 THEN 'dead' ELSE 'failed' END,"
      + " last_error = ?2, server_response = ?3,"
      + " next_attempt_at = " + DateTimeSql.utc("'now', '+' || ?4 || ' seconds'")
      + " WHERE op_id = ?1";

  /** The server refused ?1 for good (reason ?2, answer ?3): a dead letter at once. */
  public static final String REJECT = "UPDATE " + OUTBOX + " SET attempts = attempts + 1, state = 'dead',"
      + " last_error = ?2, server_response = ?3 WHERE op_id = ?1";

  /** Sends ?1 again against the server's version ?2 (the client's change wins or was merged into payload ?3). */
  public static final String REBASE = "UPDATE " + OUTBOX + " SET state = 'pending', base_version = ?2,"
      + " payload = coalesce(?3, payload), next_attempt_at = NULL WHERE op_id = ?1";

  /**
   * Sends ?1 again as an insert: the client wins over a delete made on the server. An insert carries
   * the whole record, so the payload becomes the row as stored now (a partial-sync update's payload
   * is only a delta, and the server would store a partial record); a row deleted here since keeps
   * the payload it had, and its queued delete follows.
   */
  public static String rebaseAsInsert(SyncedTable t) {
    return "UPDATE " + OUTBOX + " SET state = 'pending', op = 'insert', base_version = NULL, next_attempt_at = NULL,"
        + " payload = coalesce((SELECT " + OutboxSql.payload(t, "r") + " FROM " + t.name() + " r WHERE "
        + t.recordId("r") + " = " + OUTBOX + ".record_id), payload) WHERE op_id = ?1";
  }

  /** Record (?1, ?2) is at server version ?3: so are the changes still queued for it. */
  public static final String ADVANCE_BASE = "UPDATE " + OUTBOX + " SET base_version = ?3 WHERE entity = ?1 AND record_id = ?2";

  /** Keeps the server's change (?3 op, ?4 JSON, ?5 version) to record (?1, ?2) until its local changes are settled. */
  public static final String DEFER = "INSERT INTO " + DEFERRED + " (entity, record_id, op, payload, version)"
      + " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (entity, record_id) DO UPDATE SET op = excluded.op,"
      + " payload = excluded.payload, version = excluded.version";

  /**
   * Deferred server changes whose records have no queued local change left and that are not older
   * than what we have. One at the very version this device has is applied too: the server's record
   * at that version can differ from what the device wrote (a partial-sync delta patched onto it, a
   * vector clock merged in, the fields of a merge the device could not store while it waited), and
   * with nothing queued it is the record to hold.
   */
  public static final String READY_DEFERRED = "SELECT d.entity, d.record_id, d.op, d.payload, d.version FROM " + DEFERRED + " d"
      + " WHERE NOT EXISTS (SELECT 1 FROM " + OUTBOX + " o WHERE o.entity = d.entity AND o.record_id = d.record_id AND o.state <> 'dead')"
      + " AND (d.version IS NULL OR NOT EXISTS (SELECT 1 FROM " + RECORDS
      + " r WHERE r.entity = d.entity AND r.record_id = d.record_id AND r.version > d.version))";

  /**
   * Forgets deferred changes that are older than what this device has and have no queued local
   * change left. One still waiting for its parent to arrive stays, also at the version this device
   * has, since it may hold what the device lacks.
   */
  public static final String PRUNE_DEFERRED = "DELETE FROM " + DEFERRED + " WHERE NOT EXISTS (SELECT 1 FROM " + OUTBOX
      + " o WHERE o.entity = " + DEFERRED + ".entity AND o.record_id = " + DEFERRED + ".record_id AND o.state <> 'dead')"
      + " AND version IS NOT NULL AND EXISTS (SELECT 1 FROM " + RECORDS + " r WHERE r.entity = " + DEFERRED + ".entity"
      + " AND r.record_id = " + DEFERRED + ".record_id AND r.version > " + DEFERRED + ".version)";

  /**
   * Whether a pulled change of record (?1, ?2) at version ?3 may be this device's own change coming
   * back while newer local changes of the record are queued: the device already has that version,
   * or an operation on the record went out and its answer has not come back. A partial-sync delta
   * merges field by field even over local changes, and the fields the server wins would undo the
   * newer edits with the device's own older values; such a change waits instead. Without queued
   * changes it is applied (the server may have merged a vector clock at that version).
   */
  public static final String PULLED_ECHO = "SELECT EXISTS (SELECT 1 FROM " + OUTBOX + " o WHERE o.entity = ?1"
      + " AND o.record_id = ?2 AND o.state <> 'dead') AND (EXISTS (SELECT 1 FROM " + RECORDS + " r WHERE r.entity = ?1"
      + " AND r.record_id = ?2 AND r.version >= ?3) OR EXISTS (SELECT 1 FROM " + OUTBOX + " o WHERE o.entity = ?1"
      + " AND o.record_id = ?2 AND o.sent_at IS NOT NULL AND o.state <> 'dead')) AS echo";

  /** The deferred change to record (?1, ?2) was applied. */
  public static final String UNDEFER = "DELETE FROM " + DEFERRED + " WHERE entity = ?1 AND record_id = ?2";

  /** Whether a server change to record (?1, ?2) is waiting (a later one must wait behind it, not overtake it). */
  public static final String IS_DEFERRED = "SELECT count(*) AS n FROM " + DEFERRED + " WHERE entity = ?1 AND record_id = ?2";

  /** The pull starts from the beginning: after a table starts to sync, and when record ids change. */
  public static final String FORGET_CURSOR = "DELETE FROM " + META + " WHERE meta_key = 'cursor'";

  /** Parks ?1 until the app resolves its conflict. */
  public static final String PARK = "UPDATE " + OUTBOX + " SET state = 'conflict', server_response = ?2 WHERE op_id = ?1";

  public static final String RECORD_CONFLICT = "INSERT INTO " + CONFLICTS
      + " (op_id, entity, record_id, local_payload, server_payload, server_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

  /**
   * After a push conflict that the merge strategy settled: keeps operation ?1 (record ?2, ?3; its
   * change ?4, the row before it ?7) in sync_conflicts, resolved, with the server's record ?5 at
   * version ?6, when the merge dropped a local value, that is, when one of the fields ?8 (a JSON
   * array of the fields whose strategy says the server wins) changed here, the server's record
   * carries it, and the server's value differs. Without a row before the change (an insert), every
   * local field counts as changed.
   */
  public static final String RECORD_MERGE_LOSS = "INSERT INTO " + CONFLICTS
      + " (op_id, entity, record_id, local_payload, server_payload, server_version, resolved_at, resolution)"
      + " SELECT ?1, ?2, ?3, ?4, ?5, ?6, " + NOW + ", 'merge' WHERE EXISTS (SELECT 1 FROM json_each(?4) l"
      + " WHERE l.key IN (SELECT value FROM json_each(?8)) AND json_type(?5, '$.' || l.key) IS NOT NULL"
      + " AND json_extract(?5, '$.' || l.key) IS NOT l.value"
      + " AND (?7 IS NULL OR json_extract(?7, '$.' || l.key) IS NOT l.value))";

  public static final String OPEN_CONFLICTS = "SELECT id, op_id, entity, record_id, local_payload, server_payload, server_version, created_at"
      + " FROM " + CONFLICTS + " WHERE resolved_at IS NULL ORDER BY id";

  public static final String CONFLICT_BY_ID = "SELECT id, op_id, entity, record_id, local_payload, server_payload, server_version, created_at"
      + " FROM " + CONFLICTS + " WHERE id = ?1 AND resolved_at IS NULL";

  public static final String CLOSE_CONFLICT = "UPDATE " + CONFLICTS + " SET resolved_at = " + NOW + ", resolution = ?2 WHERE id = ?1";

  public static final String DEAD_LETTERS = "SELECT seq, op_id, entity, record_id, op, payload, attempts, last_error, server_response, created_at"
      + " FROM " + OUTBOX + " WHERE state = 'dead' ORDER BY seq";

  /** Puts dead letter ?1 back in the queue with a fresh retry budget. */
  public static final String RETRY_DEAD = "UPDATE " + OUTBOX + " SET state = 'pending', attempts = 0, next_attempt_at = NULL"
      + " WHERE op_id = ?1 AND state = 'dead'";

  public static final String DISCARD_DEAD = "DELETE FROM " + OUTBOX + " WHERE op_id = ?1 AND state = 'dead'";

  /** What the offline indicator shows: operations that still have to reach the server. */
  public static final String PENDING_COUNT = "SELECT count(*) AS pending FROM " + OUTBOX + " WHERE state <> 'dead'";

  /** The record an operation ?1 is about. */
  public static final String OPERATION_RECORD = "SELECT entity, record_id FROM " + OUTBOX + " WHERE op_id = ?1";

  /** Whether record (?1, ?2) has queued changes made after operation ?3. */
  public static final String LATER_CHANGES = "SELECT count(*) AS n FROM " + OUTBOX
      + " WHERE entity = ?1 AND record_id = ?2 AND seq > ?3";

  /** Whether record (?1, ?2) has local changes the server has not confirmed (pulled changes then wait for the push). */
  public static final String HAS_LOCAL_CHANGES = "SELECT count(*) AS n FROM " + OUTBOX + localChanges("?1", "?2");

  /** The queued operations of record {@code recordId} of {@code entity} that the server has not confirmed (dead ones never go). */
  private static String localChanges(String entity, String recordId) {
    return " WHERE entity = " + entity + " AND record_id = " + recordId + " AND state <> 'dead'";
  }

  /** The states of the operations still queued for record (?1, ?2): none means the server has it. */
  public static final String RECORD_STATES = "SELECT state FROM " + OUTBOX + " WHERE entity = ?1 AND record_id = ?2 ORDER BY seq";

  public static final String BEGIN_REMOTE = "INSERT INTO " + META + " (meta_key, meta_value) VALUES ('" + APPLYING_REMOTE + "', '1')"
      + " ON CONFLICT (meta_key) DO NOTHING";
  public static final String END_REMOTE = "DELETE FROM " + META + " WHERE meta_key = '" + APPLYING_REMOTE + "'";
  /**
   * The writes of one pulled change, as a savepoint inside the page's transaction: a write that fails
   * (a constraint the server's record breaks) takes back the change's earlier writes, such as the
   * delete of a unique rival, and leaves the other changes of the page in place.
   */
  public static final String BEGIN_CHANGE = "SAVEPOINT pulled_change";
  public static final String UNDO_CHANGE = "ROLLBACK TO pulled_change";
  public static final String END_CHANGE = "RELEASE pulled_change";
  public static final String BEGIN_RELEASE = "INSERT INTO " + META + " (meta_key, meta_value) VALUES ('" + RELEASING_CHILDREN + "', '1')"
      + " ON CONFLICT (meta_key) DO NOTHING";
  public static final String END_RELEASE = "DELETE FROM " + META + " WHERE meta_key = '" + RELEASING_CHILDREN + "'";

  public static final String READ_META = "SELECT meta_value FROM " + META + " WHERE meta_key = ?1";
  public static final String WRITE_META = "INSERT INTO " + META + " (meta_key, meta_value) VALUES (?1, ?2)"
      + " ON CONFLICT (meta_key) DO UPDATE SET meta_value = excluded.meta_value";

  public static final String SET_VERSION = "INSERT INTO " + RECORDS + " (entity, record_id, version) VALUES (?1, ?2, ?3)"
      + " ON CONFLICT (entity, record_id) DO UPDATE SET version = excluded.version";
  public static final String FORGET_VERSION = "DELETE FROM " + RECORDS + " WHERE entity = ?1 AND record_id = ?2";

  /** Whether timestamp ?1 is later than ?2; SQLite reads both ISO-8601 and its own format. */
  public static final String IS_LATER = "SELECT coalesce(julianday(?1) > julianday(?2), 0) AS later";

  /**
   * Updates record ?2 (its record id) with the server's JSON ?1. Keys the JSON does not carry keep
   * their local value, so a server may send only the fields that changed. The key comes from the
   * record id, never from the JSON. Touches no row when the record is new: then run {@link #insert}.
   */
  public static String update(SyncedTable t) {
    List<String> sets = new ArrayList<>();
    for (Column c : t.syncedColumns()) {
      if (c.primaryKey()) continue;
      sets.add(c.sqlName() + " = CASE WHEN json_type(?1, '$." + c.sqlName() + "') IS NULL THEN "
          + c.sqlName() + " ELSE " + value(t, c, "?1") + " END");
    }
    // A table of keys only (a junction) has nothing to update: touching the key tells whether it exists.
    if (sets.isEmpty()) sets.add(t.primaryKey().get(0).sqlName() + " = " + t.primaryKey().get(0).sqlName());
    return "UPDATE " + t.name() + " SET " + String.join(", ", sets) + " WHERE " + keyMatch(t);
  }

  /**
   * Inserts record ?2 from the server's JSON ?1; a column it does not carry takes its default. A
   * table with an integer key numbers the row itself and keeps the record id in sync_id.
   */
  public static String insert(SyncedTable t) {
    List<Column> columns = t.syncedColumns();
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    if (t.identity() == SyncedTable.Identity.SYNC_ID) {
      names.add(SyncedTable.SYNC_ID);
      values.add("?2");
    }
    List<Column> pk = t.primaryKey();
    for (Column c : columns) {
      names.add(c.sqlName());
      if (c.primaryKey()) {
        values.add(pk.size() == 1 ? "?2" : t.fromRecordId(c, "json_extract(?2, '$[" + pk.indexOf(c) + "]')"));
      } else if (c.defaultValue() != null && !c.nullable()) {
        values.add("coalesce(" + value(t, c, "?1") + ", " + SqlSchema.defaultLiteral(c) + ")");
      } else {
        values.add(value(t, c, "?1"));
      }
    }
    return "INSERT INTO " + t.name() + " (" + String.join(", ", names) + ") VALUES (" + String.join(", ", values) + ")";
  }

  /**
   * Whether the server's record ?1 (record id ?2) points at a synced parent this device does not
   * have yet; null for a table without synced parents. Such a change waits in sync_deferred until
   * the parent arrives: stored now, its reference would point at no row, or at the wrong one.
   */
  public static String missingParents(SyncedTable t) {
    List<String> missing = new ArrayList<>();
    List<Column> pk = t.primaryKey();
    for (Column c : t.parentColumns()) {
      if (c.primaryKey() && pk.size() > 1) {
        missing.add("(" + t.parentMissing(c, "json_extract(?2, '$[" + pk.indexOf(c) + "]')") + ")");
      } else if (!c.primaryKey()) {
        missing.add("(" + t.parentMissing(c, "json_extract(?1, '$." + c.sqlName() + "')") + ")");
      }
    }
    if (missing.isEmpty()) return null;
    // The engine binds both parameters, and SQLite counts parameters up to the highest number the
    // statement uses: naming ?2 keeps that count at two when only the record's data is read.
    return "SELECT " + String.join(" OR ", missing) + " AS missing, ?2 AS record_id";
  }

  // --- UNIQUE columns across devices: two devices may give different records the same value. ---

  /** The columns of {@code t} declared unique, other than its key (the key is the record id, never a rival's). */
  static List<Column> uniqueColumns(SyncedTable t) {
    return t.syncedColumns().stream().filter(c -> c.unique() && !c.primaryKey()).toList();
  }

  /** Whether row {@code r} holds the value of unique column {@code c} that a record ?1 (record id ?2) stores; SQL. */
  private interface Clash {
    String of(Column c);
  }

  /** A whole record replaces every column it carries: its value of {@code c} is the one stored. */
  private static Clash wholeRecord(SyncedTable t) {
    return c -> "r." + c.sqlName() + " = " + value(t, c, "?1");
  }

  /**
   * A partial-sync delta stores its value of {@code c} only where {@link #applyDelta} takes it: a
   * field that is dirty here and whose local change wins keeps the local value, which no other row
   * here holds (the UNIQUE constraint sees to it), so then the delta's value takes nothing.
   */
  private static Clash delta(SyncedTable t, PartialResolution mode, Set<String> serverWinsFields) {
    return c -> {
      String clash = wholeRecord(t).of(c);
      if (serverWins(mode, serverWinsFields, c)) return clash;
      return "(" + clash + " AND NOT EXISTS (SELECT 1 FROM " + t.name() + " s WHERE " + t.recordId("s") + " = ?2 AND "
          + isDirty(t, c, "s.") + "))";
    };
  }

  /** The rows here, other than record ?2, that hold the value of a unique column that the server's record ?1 stores. */
  private static String uniqueRivals(SyncedTable t, List<Column> unique, Clash clash) {
    String any = unique.stream().map(clash::of).collect(Collectors.joining(" OR "));
    return " FROM " + t.name() + " r WHERE " + t.recordId("r") + " <> ?2 AND (" + any + ")";
  }

  /**
   * Whether the server's record ?1 (record id ?2) loses to a row here on a unique column: a rival
   * with the smaller record id wins, on every device alike, so all keep the same one. Such a record
   * waits in sync_deferred: the device that made it yields it when it pulls the winner, and its
   * delete replaces what waits; if the winner is deleted first, it is stored then. Null for a
   * table without unique columns.
   */
  public static String uniqueLoses(SyncedTable t) {
    return uniqueLoses(t, wholeRecord(t));
  }

  /**
   * Keeps the rows here that the server's record ?1 (record id ?2, version ?3) wins over on a unique
   * column in sync_conflicts, resolved {@code unique: <column>}, before {@link #yieldUnique} removes them.
   */
  public static String keepUniqueRivals(SyncedTable t) {
    return keepUniqueRivals(t, wholeRecord(t));
  }

  /**
   * Removes the rows here that the server's record ?1 (record id ?2) wins over on a unique column.
   * Run outside the guard, so the delete is queued and the server drops the losing record too (one
   * never sent is simply not sent), and under the release marker, since the children that follow
   * the row's ON DELETE action are not the user's edit.
   */
  public static String yieldUnique(SyncedTable t) {
    return yieldUnique(t, wholeRecord(t));
  }

  /**
   * {@link #uniqueLoses} for a partial-sync delta ?1, by the value {@link #applyDelta} stores. Null
   * when that is the delta's value of every unique column (no unique column's local change can win),
   * as then {@link #uniqueLoses} is the same statement.
   */
  public static String deltaUniqueLoses(SyncedTable t, PartialResolution mode, Set<String> serverWinsFields) {
    return localCanKeepUnique(t, mode, serverWinsFields) ? uniqueLoses(t, delta(t, mode, serverWinsFields)) : null;
  }

  /** {@link #keepUniqueRivals} for a partial-sync delta ?1; null where {@link #deltaUniqueLoses} is. */
  public static String deltaKeepUniqueRivals(SyncedTable t, PartialResolution mode, Set<String> serverWinsFields) {
    return localCanKeepUnique(t, mode, serverWinsFields) ? keepUniqueRivals(t, delta(t, mode, serverWinsFields)) : null;
  }

  /** {@link #yieldUnique} for a partial-sync delta ?1; null where {@link #deltaUniqueLoses} is. */
  public static String deltaYieldUnique(SyncedTable t, PartialResolution mode, Set<String> serverWinsFields) {
    return localCanKeepUnique(t, mode, serverWinsFields) ? yieldUnique(t, delta(t, mode, serverWinsFields)) : null;
  }

  private static boolean localCanKeepUnique(SyncedTable t, PartialResolution mode, Set<String> serverWinsFields) {
    return uniqueColumns(t).stream().anyMatch(c -> !serverWins(mode, serverWinsFields, c));
  }

  private static String uniqueLoses(SyncedTable t, Clash clash) {
    List<Column> unique = uniqueColumns(t);
    if (unique.isEmpty()) return null;
    return "SELECT EXISTS (SELECT 1" + uniqueRivals(t, unique, clash) + " AND " + t.recordId("r") + " < ?2) AS loses";
  }

  private static String keepUniqueRivals(SyncedTable t, Clash clash) {
    List<Column> unique = uniqueColumns(t);
    if (unique.isEmpty()) return null;
    String column = "CASE" + unique.stream().map(c -> " WHEN " + clash.of(c) + " THEN 'unique: " + c.sqlName() + "'")
        .collect(Collectors.joining()) + " END";
    return "INSERT INTO " + CONFLICTS + " (op_id, entity, record_id, local_payload, server_payload, server_version, resolved_at, resolution)"
        + " SELECT " + OutboxSql.UUID + ", '" + t.name() + "', " + t.recordId("r") + ", " + OutboxSql.payload(t, "r") + ", ?1, ?3, "
        + NOW + ", " + column + uniqueRivals(t, unique, clash);
  }

  private static String yieldUnique(SyncedTable t, Clash clash) {
    List<Column> unique = uniqueColumns(t);
    if (unique.isEmpty()) return null;
    return "DELETE FROM " + t.name() + " WHERE rowid IN (SELECT r.rowid" + uniqueRivals(t, unique, clash) + ")";
  }

  // --- Partial sync (template 11): deltas against a dirty set. ---

  /**
   * Whether the server's value of {@code c} replaces a local change that is not yet confirmed:
   * always with server-wins; never with client-wins; with merge, only for fields whose strategy
   * (drift_configure_conflict_resolution fieldStrategies) says the server wins.
   */
  static boolean serverWins(PartialResolution mode, Set<String> serverWinsFields, Column c) {
    return mode == PartialResolution.SERVER_WINS || (mode == PartialResolution.MERGE && serverWinsFields.contains(c.sqlName()));
  }

  /** Whether column {@code c} of the row is in its dirty set. */
  static String isDirty(SyncedTable t, Column c) {
    return isDirty(t, c, "");
  }

  /** {@link #isDirty(SyncedTable, Column)} of the row named by {@code qualifier} ("s.", or "" for the statement's own). */
  private static String isDirty(SyncedTable t, Column c, String qualifier) {
    String dirty = qualifier + t.dirtyColumn().orElseThrow().sqlName();
    if (t.tracking() == Tracking.FIELD_LEVEL) {
      return "EXISTS (SELECT 1 FROM json_each(" + dirty + ") WHERE value = '" + c.sqlName() + "')";
    }
    return "(" + dirty + " & " + (1L << t.bits().get(c.sqlName())) + ") <> 0";
  }

  /**
   * Applies the server's delta ?1 to record ?2: a field the delta carries replaces the local value
   * unless the field is dirty here and the local change wins; the dirty set loses the fields the
   * server won. Changes no row when the record is new (then insert it whole).
   */
  public static String applyDelta(SyncedTable t, PartialResolution mode, Set<String> serverWinsFields) {
    List<String> sets = new ArrayList<>();
    List<Column> serverWon = new ArrayList<>();
    for (Column c : t.trackedColumns()) {
      boolean server = serverWins(mode, serverWinsFields, c);
      String absent = "json_type(?1, '$." + c.sqlName() + "') IS NULL";
      String keepLocal = server ? absent : absent + " OR " + isDirty(t, c);
      sets.add(c.sqlName() + " = CASE WHEN " + keepLocal + " THEN " + c.sqlName() + " ELSE " + value(t, c, "?1") + " END");
      if (server) serverWon.add(c);
    }
    String dirty = t.dirtyColumn().orElseThrow().sqlName();
    if (!serverWon.isEmpty()) {
      if (t.tracking() == Tracking.FIELD_LEVEL) {
        String won = serverWon.stream().map(c -> "(value = '" + c.sqlName() + "' AND json_type(?1, '$." + c.sqlName() + "') IS NOT NULL)")
            .collect(Collectors.joining(" OR "));
        sets.add(dirty + " = (SELECT json_group_array(value) FROM json_each(" + dirty + ") WHERE NOT (" + won + "))");
      } else {
        String mask = serverWon.stream().map(c -> "(CASE WHEN json_type(?1, '$." + c.sqlName() + "') IS NOT NULL THEN "
            + (1L << t.bits().get(c.sqlName())) + " ELSE 0 END)").collect(Collectors.joining(" | "));
        sets.add(dirty + " = " + dirty + " & ~(" + mask + ")");
      }
    }
    return "UPDATE " + t.name() + " SET " + String.join(", ", sets) + " WHERE " + keyMatch(t);
  }

  /**
   * Takes the fields the server won (by the same rule as {@link #applyDelta}) out of the unsent
   * updates queued for record ?2, so they do not overwrite the server's values when pushed.
   */
  public static String dropLocalFields(SyncedTable t, PartialResolution mode, Set<String> serverWinsFields) {
    List<String> paths = new ArrayList<>();
    for (Column c : t.trackedColumns()) {
      if (!serverWins(mode, serverWinsFields, c)) continue;
      paths.add("CASE WHEN json_type(?1, '$." + c.sqlName() + "') IS NOT NULL THEN '$." + c.sqlName() + "' ELSE '$.\"__kept\"' END");
    }
    if (paths.isEmpty()) return null;
    return "UPDATE " + OUTBOX + " SET payload = json_remove(payload, " + String.join(", ", paths) + ")"
        + " WHERE entity = '" + t.name() + "' AND record_id = ?2 AND op = 'update' AND sent_at IS NULL";
  }

  /**
   * Before the server's delta ?1 (version ?3) replaces fields of record ?2 by the rule of
   * {@link #applyDelta}: keeps each unsent update of the record that changed one of those fields to
   * another value than the server's in sync_conflicts, resolved, so the local value the server
   * wins over can be recovered. Null when the server wins no field of the table.
   */
  public static String recordDeltaLoss(SyncedTable t, PartialResolution mode, Set<String> serverWinsFields) {
    List<String> lost = new ArrayList<>();
    for (Column c : t.trackedColumns()) {
      if (!serverWins(mode, serverWinsFields, c)) continue;
      String path = "'$." + c.sqlName() + "'";
      lost.add("(json_type(o.payload, " + path + ") IS NOT NULL AND json_type(?1, " + path + ") IS NOT NULL"
          + " AND json_extract(o.payload, " + path + ") IS NOT json_extract(?1, " + path + "))");
    }
    if (lost.isEmpty()) return null;
    String resolution = mode == PartialResolution.MERGE ? "merge" : "serverWins";
    return "INSERT INTO " + CONFLICTS + " (op_id, entity, record_id, local_payload, server_payload, server_version, resolved_at, resolution)"
        + " SELECT o.op_id, o.entity, o.record_id, o.payload, ?1, ?3, " + NOW + ", '" + resolution + "' FROM " + OUTBOX + " o"
        + " WHERE o.entity = '" + t.name() + "' AND o.record_id = ?2 AND o.op = 'update' AND o.sent_at IS NULL"
        + " AND (" + String.join(" OR ", lost) + ")";
  }

  /**
   * Whether record ?1 was deleted here and the server has not confirmed it yet: no row, and local
   * changes queued. A server delta for it waits then (a local delete is never undone), and must
   * touch nothing before: not the queued updates, nor a row it would win a unique value from.
   */
  public static String deletedHere(SyncedTable t) {
    return "SELECT NOT EXISTS (SELECT 1 FROM " + t.name() + " WHERE " + keyMatch(t).replace("?2", "?1") + ")"
        + " AND EXISTS (SELECT 1 FROM " + OUTBOX + localChanges("'" + t.name() + "'", "?1") + ") AS deleted";
  }

  /** Unsent updates left with no field (the server won them all) have nothing to send. */
  public static final String DROP_EMPTY_UPDATES = "DELETE FROM " + OUTBOX
      + " WHERE entity = ?1 AND record_id = ?2 AND op = 'update' AND sent_at IS NULL AND payload = '{}'";

  /**
   * Record ?1's dirty set after the server confirmed an operation: exactly the fields of the
   * updates still queued for it, so a change made while a push was in flight stays dirty.
   */
  public static String clearDirty(SyncedTable t) {
    return "UPDATE " + t.name() + " SET " + t.dirtyColumn().orElseThrow().sqlName() + " = " + queuedFields(t, "?1")
        + " WHERE " + keyMatch(t).replace("?2", "?1");
  }

  /**
   * When partial sync starts on a table with queued updates (whole rows then): every row's dirty
   * set becomes the fields of its queued updates, so a server delta cannot overwrite them unseen.
   */
  public static String dirtyFromQueue(SyncedTable t) {
    return "UPDATE " + t.name() + " SET " + t.dirtyColumn().orElseThrow().sqlName() + " = "
        + queuedFields(t, OutboxSql.recordId(t, t.name()));
  }

  /** The dirty set made of the keys of the update operations queued for record {@code recordId}. */
  private static String queuedFields(SyncedTable t, String recordId) {
    String keys = t.primaryKey().stream().map(c -> "'" + c.sqlName() + "'").collect(Collectors.joining(", "));
    String queued = " FROM " + OUTBOX + " o, json_each(o.payload) j WHERE o.entity = '" + t.name()
        + "' AND o.record_id = " + recordId + " AND o.op = 'update' AND j.key NOT IN (" + keys + ")";
    if (t.tracking() == Tracking.FIELD_LEVEL) return "(SELECT json_group_array(DISTINCT j.key)" + queued + ")";
    Map<String, Integer> bits = t.bits();
    String caseBits = t.trackedColumns().stream()
        .map(c -> "WHEN '" + c.sqlName() + "' THEN " + (1L << bits.get(c.sqlName())))
        .collect(Collectors.joining(" "));
    return "(SELECT coalesce(sum(DISTINCT CASE j.key " + caseBits + " ELSE 0 END), 0)" + queued + ")";
  }

  /** Deletes the row whose record id (the text key, or JSON array for composite keys) is ?1. */
  public static String deleteRecord(SyncedTable t) {
    return "DELETE FROM " + t.name() + " WHERE " + keyMatch(t).replace("?2", "?1");
  }

  /**
   * Before a delete from the server removes row ?1 of {@code parent}: the ON DELETE actions of its
   * synced children (cascade, set null), run as statements of their own outside the guard, so the
   * capture triggers queue them like the app's writes. SQLite would run them inside the delete,
   * where the guard hides them, and the server, which does not know the schema, would keep children
   * this device no longer has (a link created on another device while this one deleted the parent).
   * Empty when no synced table references {@code parent}.
   */
  public static List<String> releaseChildren(List<SyncedTable> synced, SyncedTable parent) {
    List<String> out = new ArrayList<>();
    for (SyncedTable child : synced) {
      for (Column c : child.allColumns()) {
        Column.Reference ref = c.references();
        if (ref == null || !ref.table().equals(parent.name())) continue;
        String keys = c.sqlName() + " IN (SELECT " + Names.snakeCase(ref.column()) + " FROM "
            + parent.name() + " WHERE " + keyMatch(parent).replace("?2", "?1") + ")";
        switch (ref.onDelete() == null ? KeyAction.NO_ACTION : ref.onDelete()) {
          case CASCADE -> out.add("DELETE FROM " + child.name() + " WHERE " + keys);
          case SET_NULL -> out.add("UPDATE " + child.name() + " SET " + c.sqlName() + " = NULL WHERE " + keys);
          default -> { } // restrict, setDefault, noAction: SQLite decides in the delete itself
        }
      }
    }
    return out;
  }

  /** The row whose record id is ?2. */
  private static String keyMatch(SyncedTable t) {
    List<Column> pk = t.primaryKey();
    if (t.identity() == SyncedTable.Identity.SYNC_ID) return SyncedTable.SYNC_ID + " = ?2";
    if (pk.size() == 1) return pk.get(0).sqlName() + " = ?2";
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < pk.size(); i++) {
      parts.add(pk.get(i).sqlName() + " = " + t.fromRecordId(pk.get(i), "json_extract(?2, '$[" + i + "]')"));
    }
    return String.join(" AND ", parts);
  }

  /** Column {@code c} of the server's JSON {@code json} as stored here (blobs from hex, parents' record ids as local keys). */
  private static String value(SyncedTable t, Column c, String json) {
    String path = "json_extract(" + json + ", '$." + c.sqlName() + "')";
    return c.type() == ColumnType.BLOB ? "unhex(" + path + ")" : t.fromRecordId(c, path);
  }

  /** Every statement, by name, for the generated Dart and for tests. */
  public static Map<String, String> statements(Map<String, Integer> tablePriorities) {
    return statements(tablePriorities, PriorityRules.NONE);
  }

  public static Map<String, String> statements(Map<String, Integer> tablePriorities, PriorityRules rules) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("dequeue", dequeue(tablePriorities, rules));
    all.put("dropEmptyUpdates", DROP_EMPTY_UPDATES);
    all.put("expired", EXPIRED);
    all.put("expire", EXPIRE);
    all.put("expedite", EXPEDITE);
    all.put("claim", CLAIM);
    all.put("requeueInFlight", REQUEUE_IN_FLIGHT);
    all.put("ack", ACK);
    all.put("fail", FAIL);
    all.put("reject", REJECT);
    all.put("rebase", REBASE);
    all.put("advanceBase", ADVANCE_BASE);
    all.put("defer", DEFER);
    all.put("readyDeferred", READY_DEFERRED);
    all.put("pruneDeferred", PRUNE_DEFERRED);
    all.put("undefer", UNDEFER);
    all.put("isDeferred", IS_DEFERRED);
    all.put("pulledEcho", PULLED_ECHO);
    all.put("park", PARK);
    all.put("recordConflict", RECORD_CONFLICT);
    all.put("recordMergeLoss", RECORD_MERGE_LOSS);
    all.put("openConflicts", OPEN_CONFLICTS);
    all.put("conflictById", CONFLICT_BY_ID);
    all.put("closeConflict", CLOSE_CONFLICT);
    all.put("deadLetters", DEAD_LETTERS);
    all.put("retryDead", RETRY_DEAD);
    all.put("discardDead", DISCARD_DEAD);
    all.put("pendingCount", PENDING_COUNT);
    all.put("hasLocalChanges", HAS_LOCAL_CHANGES);
    all.put("laterChanges", LATER_CHANGES);
    all.put("operationRecord", OPERATION_RECORD);
    all.put("recordStates", RECORD_STATES);
    all.put("beginRemote", BEGIN_REMOTE);
    all.put("endRemote", END_REMOTE);
    all.put("beginRelease", BEGIN_RELEASE);
    all.put("endRelease", END_RELEASE);
    all.put("beginChange", BEGIN_CHANGE);
    all.put("undoChange", UNDO_CHANGE);
    all.put("endChange", END_CHANGE);
    all.put("readMeta", READ_META);
    all.put("writeMeta", WRITE_META);
    all.put("setVersion", SET_VERSION);
    all.put("forgetVersion", FORGET_VERSION);
    all.put("isLater", IS_LATER);
    return all;
  }
}
