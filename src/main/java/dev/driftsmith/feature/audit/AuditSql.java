package dev.driftsmith.feature.audit;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.Table;
import dev.driftsmith.schema.DateTimeSql;
import dev.driftsmith.schema.OwnTable;
import dev.driftsmith.schema.RemoteApply;
import dev.driftsmith.schema.RowJson;
import dev.driftsmith.schema.SchemaObject;
import dev.driftsmith.schema.SqlSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every statement of audit logging, kept here so that the schema step, {@code audit.drift}, the
 * queries inside the generated Dart and our SQLite tests are the same strings.
 *
 * <p>Capture happens in SQL: triggers on each audited table append to {@code audit_log} in the
 * transaction of the write, so no code path (a DAO, a raw statement, the sync engine) can change an
 * audited row unrecorded. The log is append-only: triggers abort every update, and every delete
 * except of rows past the retention period, which the purge run at each open removes.
 */
public final class AuditSql {
  private AuditSql() {}

  public static final String FEATURE = "audit";
  public static final String DRIFT_FILE = "audit/audit.drift";
  public static final String LOG = "audit_log";
  public static final String ACTOR = "audit_actor";
  /** How messages name the feature: "a table the audit log feature adds". */
  public static final String FEATURE_NAME = "audit log";
  /** Row classes for the drift file: drift would otherwise name them {@code AuditLogData}. */
  public static final String LOG_ROW = "AuditEntry";
  public static final String ACTOR_ROW = "AuditActorRow";
  /**
   * json_object takes two arguments per column, and SQLite's default limit on the arguments of a
   * function is 127: wider tables cannot have their rows captured in one object.
   */
  public static final int MAX_CAPTURED_COLUMNS = 63;
  /** The touch trigger's own write changes only this column; it is not a change to log. */
  static final String UPDATED_AT = "updated_at";

  public static final String CREATE_LOG = "CREATE TABLE IF NOT EXISTS " + LOG + " ("
      + "id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "
      // Not table_name: drift's table classes already have a tableName getter.
      + "entity TEXT NOT NULL, "
      + "record_id TEXT NOT NULL, "
      // Quoted: ACTION is an SQL keyword, which drift's parser does not take as a bare name.
      + "\"action\" TEXT NOT NULL CHECK (\"action\" IN ('INSERT', 'UPDATE', 'DELETE')), "
      + "user_id TEXT NULL, "
      + "before_value TEXT NULL, "
      + "after_value TEXT NULL, "
      // The delete guard compares through julianday(): a time it cannot read would slip past the guard.
      + "at TEXT NOT NULL DEFAULT (" + DateTimeSql.NOW + ") CHECK (julianday(at) IS NOT NULL))";
  public static final String RECORD_INDEX = "CREATE INDEX IF NOT EXISTS audit_log_record_idx ON " + LOG
      + " (entity, record_id, at)";
  public static final String USER_INDEX = "CREATE INDEX IF NOT EXISTS audit_log_user_idx ON " + LOG + " (user_id, at)";
  /** One row at most (id 1): who is acting in this app right now, read by every capture trigger. */
  public static final String CREATE_ACTOR = "CREATE TABLE IF NOT EXISTS " + ACTOR + " ("
      + "id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1), user_id TEXT NOT NULL)";
  public static final String NO_UPDATE = "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON " + LOG
      + " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: its rows cannot be changed'); END";

  /** ?1 the user id. */
  public static final String SET_ACTOR = "INSERT INTO " + ACTOR + " (id, user_id) VALUES (1, ?1) "
      + "ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id";
  public static final String CLEAR_ACTOR = "DELETE FROM " + ACTOR;

  private static final String COLUMNS = "id, entity, record_id, \"action\", user_id, before_value, after_value, at";
  /** ?1 table, ?2 record id: the record's history, newest first (id breaks ties within a millisecond). */
  public static final String TRAIL = "SELECT " + COLUMNS + " FROM " + LOG
      + " WHERE entity = ?1 AND record_id = ?2 ORDER BY at DESC, id DESC";
  /** ?1 user id, ?2 since (inclusive, any time form SQLite reads): what one user changed, newest first. */
  public static final String CHANGES_BY = "SELECT " + COLUMNS + " FROM " + LOG
      + " WHERE user_id = ?1 AND julianday(at) >= julianday(?2) ORDER BY at DESC, id DESC";
  /** ?1 limit: the newest entries of all tables. */
  public static final String RECENT = "SELECT " + COLUMNS + " FROM " + LOG + " ORDER BY at DESC, id DESC LIMIT ?1";

  /** The tables, indexes and guards the feature owns, in creation order; the actor table only when the actor is captured. */
  public static List<SchemaObject> systemObjects(AuditConfig config) {
    List<SchemaObject> out = new ArrayList<>();
    out.add(SchemaObject.table(LOG, CREATE_LOG, DRIFT_FILE));
    out.add(SchemaObject.index("audit_log_record_idx", null, RECORD_INDEX, DRIFT_FILE));
    out.add(SchemaObject.index("audit_log_user_idx", null, USER_INDEX, DRIFT_FILE));
    if (config.captureUserInfo()) out.add(SchemaObject.table(ACTOR, CREATE_ACTOR, DRIFT_FILE));
    out.add(SchemaObject.trigger("audit_log_no_update", null, NO_UPDATE, DRIFT_FILE));
    out.add(SchemaObject.trigger("audit_log_no_delete", null, noDelete(config), DRIFT_FILE));
    return out;
  }

  /** The tables of the feature with every setting, so the actor's table is reserved while the actor is not captured yet. */
  public static List<OwnTable> ownTables() {
    return OwnTable.of(systemObjects(new AuditConfig(List.of(), true, true, null)), FEATURE_NAME);
  }

  /** Aborts every delete, or with a retention period every delete of a row that is not yet past it. */
  public static String noDelete(AuditConfig config) {
    String when = config.retention().map(days -> " WHEN julianday(OLD.at) > " + cutoff(days)).orElse("");
    String message = config.retention()
        .map(days -> "audit_log rows are kept " + days + " days: only older rows can be deleted")
        .orElse("audit_log is append-only: its rows cannot be deleted");
    return "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON " + LOG + " FOR EACH ROW" + when
        + " BEGIN SELECT RAISE(ABORT, '" + message + "'); END";
  }

  /** Deletes the rows past the retention period; run each time the app opens the database. */
  public static String purge(int days) {
    return "DELETE FROM " + LOG + " WHERE julianday(at) <= " + cutoff(days);
  }

  private static String cutoff(int days) {
    return "julianday('now', '-" + days + " days')";
  }

  public static List<String> triggerNames(Table t) {
    return List.of(t.name() + "_audit_insert", t.name() + "_audit_update", t.name() + "_audit_delete");
  }

  /**
   * The three capture triggers of {@code t}, from its columns as declared now: when a tool changes
   * the table, their SQL changes and the next schema step re-creates them.
   */
  public static List<String> triggers(Table t, AuditConfig config, boolean synced) {
    List<String> names = triggerNames(t);
    String table = q(t.name());
    boolean values = config.captureBeforeAfter();
    String user = user(config, synced);
    return List.of(
        "CREATE TRIGGER " + names.get(0) + " AFTER INSERT ON " + table + " FOR EACH ROW BEGIN "
            + append(t, "INSERT", "NEW", user, "NULL", values ? RowJson.of(t, "NEW") : "NULL") + "; END",
        "CREATE TRIGGER " + names.get(1) + " AFTER UPDATE ON " + table + " FOR EACH ROW WHEN " + changed(t) + " BEGIN "
            + append(t, "UPDATE", "NEW", user, values ? RowJson.of(t, "OLD") : "NULL", values ? RowJson.of(t, "NEW") : "NULL") + "; END",
        "CREATE TRIGGER " + names.get(2) + " AFTER DELETE ON " + table + " FOR EACH ROW BEGIN "
            + append(t, "DELETE", "OLD", user, values ? RowJson.of(t, "OLD") : "NULL", "NULL") + "; END");
  }

  /** The acting user: the actor row, except for server changes the sync engine applies (their author is not known here). */
  private static String user(AuditConfig config, boolean synced) {
    if (!config.captureUserInfo()) return "NULL";
    String actor = "(SELECT user_id FROM " + ACTOR + " WHERE id = 1)";
    if (!synced) return actor;
    return "CASE WHEN " + RemoteApply.ACTIVE + " THEN NULL ELSE " + actor + " END";
  }

  private static String append(Table t, String action, String keyRow, String user, String before, String after) {
    return "INSERT INTO " + LOG + " (entity, record_id, \"action\", user_id, before_value, after_value) VALUES ('"
        + t.name() + "', " + recordId(t, keyRow) + ", '" + action + "', " + user + ", " + before + ", " + after + ")";
  }

  /**
   * An update that wrote some column other than updated_at. A write that changes nothing is not a
   * change; and the updated_at touch trigger issues a second UPDATE that changes only updated_at,
   * so one user update is logged once (its after_value holds the updated_at that update wrote).
   */
  static String changed(Table t) {
    String any = t.allColumns().stream().filter(c -> !c.sqlName().equals(UPDATED_AT))
        .map(c -> "NEW." + q(c.sqlName()) + " IS NOT OLD." + q(c.sqlName())).collect(Collectors.joining(" OR "));
    return "(" + any + ")";
  }

  /** The key as text: a single column cast, a composite key as a JSON array, a table without one by rowid. */
  public static String recordId(Table t, String row) {
    List<Column> pk = t.primaryKey();
    if (pk.isEmpty()) return "CAST(" + row + ".rowid AS TEXT)";
    if (pk.size() == 1) return "CAST(" + row + "." + q(pk.get(0).sqlName()) + " AS TEXT)";
    return "json_array(" + pk.stream().map(c -> row + "." + q(c.sqlName())).collect(Collectors.joining(", ")) + ")";
  }

  private static String q(String identifier) {
    return SqlSchema.quote(identifier);
  }
}
