package dev.driftsmith.schema;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.KeyAction;
import dev.driftsmith.project.Memo;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.project.Table;
import dev.driftsmith.render.SqlCode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQLite DDL drift creates for our tables (mirrors drift's {@code Migrator._writeCreateTable}
 * and drift_dev's column constraints, with {@code store_date_time_values_as_text: true}), plus the
 * triggers of our {@code .drift} files. Our tests run it on real SQLite; migrations are built from it.
 */
public final class SqlSchema {
  private SqlSchema() {}

  /** Everything a fresh install creates, in the order {@code onCreate} runs it. */
  public static List<String> freshInstall(DatabaseSchema schema) {
    List<String> out = declared(schema);
    for (SchemaStep step : schema.history()) {
      if (step.custom()) out.addAll(step.up());
    }
    return out;
  }

  /**
   * What the manifest and its features describe: the tables, the features' own tables, then every
   * other object (virtual tables before the indexes and triggers that may use them). A fresh
   * install is this plus the hand-written migrations.
   */
  public static List<String> declared(DatabaseSchema schema) {
    List<String> out = new ArrayList<>();
    for (Table t : schema.tables()) out.add(createTable(t));
    for (SchemaObject o : schema.systemObjects()) out.add(o.sql());
    for (SchemaObject o : inCreationOrder(schema.objects().stream().filter(o -> o.table() != null).toList())) out.add(o.sql());
    return out;
  }

  /** {@code objects} ordered by kind (virtual tables, indexes, triggers, views), each kind in its given order. */
  public static List<SchemaObject> inCreationOrder(List<SchemaObject> objects) {
    List<SchemaObject> out = new ArrayList<>(objects);
    out.sort(java.util.Comparator.comparing(SchemaObject::kind));
    return out;
  }

  /** The indexes a table declares, as schema objects (its Dart class declares them to drift). */
  public static List<SchemaObject> indexObjects(Table t) {
    return t.indexes().stream().map(i -> SchemaObject.index(i.name(), t.name(), createIndex(t, i), null)).toList();
  }

  public static String createTable(Table t) {
    return CREATE_TABLE.get(t, table -> createTable(table, table.name()));
  }

  /**
   * The CREATE TABLE of the tables of the last schemas, by table: a call builds the fresh install
   * of its schema several times (to prove it, to record it), every table's statement anew each
   * time, and each new string was hashed again wherever statements are looked up. Tables are
   * immutable values; 1,024 holds a 200-table schema with and without the columns features add.
   */
  private static final Memo<Table, String> CREATE_TABLE = new Memo<>(1_024);

  public static String createTable(Table t, String sqlName) {
    List<Column> columns = t.allColumns();
    List<String> parts = new ArrayList<>();
    boolean autoIncrement = false;
    for (Column c : columns) {
      parts.add(columnDefinition(c));
      autoIncrement |= c.autoIncrement();
    }
    List<Column> pk = t.primaryKey();
    if (!pk.isEmpty() && !autoIncrement) {
      parts.add("PRIMARY KEY (" + pk.stream().map(c -> quote(c.sqlName()))
          .collect(Collectors.joining(", ")) + ")");
    }
    return "CREATE TABLE IF NOT EXISTS " + quote(sqlName) + " (" + String.join(", ", parts) + ")";
  }

  /** A column as drift writes it: type, NULL/NOT NULL, DEFAULT, then drift_dev's constraints. */
  public static String columnDefinition(Column c) {
    StringBuilder sql = new StringBuilder(quote(c.sqlName())).append(' ').append(sqlType(c.type()));
    sql.append(c.nullable() ? " NULL" : " NOT NULL");
    if (c.defaultValue() != null) sql.append(" DEFAULT ").append(defaultLiteral(c));
    List<String> constraints = new ArrayList<>();
    if (c.autoIncrement()) constraints.add("PRIMARY KEY AUTOINCREMENT");
    if (c.type() == ColumnType.BOOLEAN) constraints.add("CHECK (" + quote(c.sqlName()) + " IN (0, 1))");
    if (c.unique() && !c.primaryKey()) constraints.add("UNIQUE");
    if (c.references() != null) constraints.add(referenceClause(c.references()));
    if (!constraints.isEmpty()) sql.append(' ').append(String.join(" ", constraints));
    return sql.toString();
  }

  static String referenceClause(Column.Reference ref) {
    StringBuilder sql = new StringBuilder("REFERENCES ").append(ref.table())
        .append(" (").append(dev.driftsmith.project.Names.snakeCase(ref.column())).append(')');
    if (ref.onUpdate() != null) sql.append(" ON UPDATE ").append(keyAction(ref.onUpdate()));
    if (ref.onDelete() != null) sql.append(" ON DELETE ").append(keyAction(ref.onDelete()));
    return sql.toString();
  }

  /** A key action as SQL spells it ({@code SET NULL}). */
  public static String keyAction(KeyAction action) {
    return action.name().replace('_', ' ');
  }

  public static String sqlType(ColumnType type) {
    return switch (type) {
      case INTEGER, BOOLEAN -> "INTEGER";
      case REAL -> "REAL";
      case BLOB -> "BLOB";
      case TEXT, DATE_TIME -> "TEXT"; // dateTime: build.yaml sets store_date_time_values_as_text
    };
  }

  /** The SQL literal of a default; drift brackets non-literal expressions. */
  public static String defaultLiteral(Column c) {
    Object v = c.defaultValue();
    return switch (c.type()) {
      case BOOLEAN -> Boolean.TRUE.equals(v) ? "1" : "0";
      case INTEGER -> String.valueOf(((Number) v).longValue());
      case REAL -> SqlCode.real(((Number) v).doubleValue());
      case TEXT -> Column.UUID.equals(v) ? UuidSql.V4 : SqlCode.string(v.toString());
      case DATE_TIME -> "(" + DateTimeSql.NOW + ")"; // drift's UTC text, not CURRENT_TIMESTAMP's own form
      case BLOB -> throw new IllegalArgumentException("no default for " + c.type());
    };
  }

  public static List<String> indexes(Table t) {
    List<String> out = new ArrayList<>();
    for (Table.Index index : t.indexes()) out.add(createIndex(t, index));
    return out;
  }

  public static String createIndex(Table t, Table.Index index) {
    String columns = index.columns().stream()
        .map(name -> quote(dev.driftsmith.project.Names.snakeCase(name)))
        .collect(Collectors.joining(", "));
    return "CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX IF NOT EXISTS "
        + quote(index.name()) + " ON " + quote(t.name()) + " (" + columns + ")";
  }

  public static String touchTriggerName(Table t) {
    return t.name() + "_touch_updated_at";
  }

  /**
   * Keeps {@code updated_at} current for every UPDATE, whatever code path made it. A write that sets
   * {@code updated_at} itself is left alone; {@code alsoWhen} adds conditions of the features that
   * own the trigger of a table (sync leaves writes applied from the server alone).
   */
  public static String touchUpdatedAtTrigger(Table t, String alsoWhen) {
    return "CREATE TRIGGER " + touchTriggerName(t) + " AFTER UPDATE ON " + t.name()
        + " FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at" + alsoWhen + " BEGIN UPDATE " + t.name()
        + " SET updated_at = " + DateTimeSql.NOW + " WHERE rowid = NEW.rowid; END";
  }

  public static String quote(String identifier) {
    return SqlCode.identifier(identifier);
  }
}
