package dev.driftsmith.feature.audit;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.schema.DeviceId;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.FeatureTool;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.Param;
import dev.driftsmith.tool.Params;
import dev.driftsmith.tool.Tables;
import dev.driftsmith.tool.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * drift_enable_audit_logging: an append-only audit log written by triggers on the audited tables,
 * and a typed query interface for auditors. The call states the whole configuration; the same call
 * twice changes nothing.
 */
final class EnableAuditLoggingTool extends FeatureTool {
  static final About ABOUT = new About("drift_enable_audit_logging", "Enable audit logging",
      "Compliance audit log: triggers record every insert, update and delete (who, when, before/after JSON); append-only, with retention.",
      Hints.GENERATES);

  static final Param<List<Table>> TABLES = Param.strings("tables")
      .nonEmpty("name at least one table to audit").distinct()
      .as(EnableAuditLoggingTool::tables).required()
      .describe("The full set; others stop being audited");
  static final Param<Boolean> CAPTURE_USER = Param.bool("captureUserInfo").required()
      .describe("user_id from AuditTrail.setActor");
  static final Param<Boolean> CAPTURE_VALUES = Param.bool("captureBeforeAfter").required()
      .describe("Row values as JSON before and after");
  static final Param<Integer> RETENTION = Param.integer("retentionDays", 1, 36500)
      .describe("Older records are purged; omit to keep all");
  /** The parameters; the configuration is stored with the same fields, so a hand edit is read with them too. */
  static final Params STORED = Params.of(TABLES, CAPTURE_USER, CAPTURE_VALUES, RETENTION);

  EnableAuditLoggingTool() {
    super(ABOUT, STORED);
  }

  @Override
  protected boolean onExistingTables() {
    return true;
  }

  @Override
  protected Manifest change(Manifest m, Values v, Change change) throws ToolException {
    List<String> requested = v.get(TABLES).stream().map(Table::name).toList();
    // Schema order, so the same set of tables in another order is the same configuration.
    List<String> tables = m.schema().tables().stream().map(Table::name).filter(requested::contains).toList();
    AuditConfig config = new AuditConfig(tables, v.get(CAPTURE_USER), v.get(CAPTURE_VALUES), v.get(RETENTION));
    if (config.captureBeforeAfter()) checkWidth(v.get(TABLES), v.field(TABLES));
    Manifest next = change.record(m, AuditConfig.put(m, config), "audit logging: " + String.join(", ", tables));
    if (next.schema().version() == m.schema().version()) {
      change.note("The audit triggers already match this configuration; no schema change.");
    }
    change.note("Query the log with AuditTrail in lib/data/audit/audit_log.dart"
        + (config.captureUserInfo() ? "; call setActor(userId) after sign-in and clearActor() on sign-out." : "."));
    return next;
  }

  private static void checkWidth(List<Table> tables, String field) throws ToolException {
    for (int i = 0; i < tables.size(); i++) {
      Table t = tables.get(i);
      if (t.allColumns().size() > AuditSql.MAX_CAPTURED_COLUMNS) {
        throw new ToolException(field + "[" + i + "]", "'" + t.name() + "' has " + t.allColumns().size()
            + " columns; SQLite's json_object captures at most " + AuditSql.MAX_CAPTURED_COLUMNS
            + " per row. Set captureBeforeAfter to false, or split the table");
      }
    }
  }

  /**
   * Tables of the project, audit logging's and sync's own tables are refused by name. (A project
   * table with the name of the log is refused by the schema step, as for every feature's tables.)
   */
  private static List<Table> tables(List<String> names, String field, Values v) throws ToolException {
    Manifest m = v.manifest();
    List<Table> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String item = field + "[" + i + "]";
      String name = names.get(i);
      Optional<String> internal = m.schema().table(name).isPresent() ? Optional.empty() : internal(name);
      if (internal.isPresent()) throw new ToolException(item, "'" + name + "' is " + internal.get() + "; name the project's own tables");
      out.add(Tables.require(m, item, name));
    }
    return out;
  }

  private static Optional<String> internal(String name) {
    boolean own = AuditSql.ownTables().stream().anyMatch(t -> t.name().equals(name));
    if (own) return Optional.of("the audit log's own table: audit records are never audited themselves");
    // sync_meta lives in the core schema; the other sync tables share its prefix.
    if (name.startsWith("sync_") || name.equals(DeviceId.TABLE)) return Optional.of("a table of sync's bookkeeping, not user data");
    return Optional.empty();
  }
}
