package dev.driftsmith.feature.schema;

import dev.driftsmith.input.TextSize;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.input.ValueRules;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.KeyAction;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Names;
import dev.driftsmith.project.Table;
import dev.driftsmith.schema.OwnTable;
import dev.driftsmith.schema.SchemaModel;
import dev.driftsmith.schema.SqlNames;
import dev.driftsmith.tool.Tables;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Validation shared by the schema tools: names drift and Dart accept, references that exist. */
public final class SchemaRules {
  private SchemaRules() {}

  public static Table requireTable(Manifest m, String field, String name) throws ToolException {
    return Tables.require(m, field, name);
  }

  static void checkNewTableName(Manifest m, String field, String name) throws ToolException {
    checkNewTableName(TakenNames.of(m.schema().tables()), field, name);
  }

  /** {@link #checkNewTableName(Manifest, String, String)} against the names {@code taken} by the tables so far. */
  static void checkNewTableName(TakenNames taken, String field, String name) throws ToolException {
    if (!Names.isSnakeCase(name)) {
      throw new ToolException(field, "'" + name + "' is not snake_case; use lower-case words joined by underscores, e.g. '"
          + Names.snakeCase(name).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "") + "'");
    }
    if (name.startsWith("sqlite_") || name.startsWith("__")) {
      throw new ToolException(field, "'" + name + "' is reserved by SQLite; choose another name");
    }
    String cls = Names.pascalCase(name);
    if (Names.DART_RESERVED.contains(Names.camelCase(name)) || Names.RESERVED_CLASS_NAMES.contains(cls)
        || Names.RESERVED_CLASS_NAMES.contains(Names.dataClassName(cls))) {
      throw new ToolException(field, "'" + name + "' would generate the Dart name " + cls + "/" + Names.dataClassName(cls)
          + ", which clashes with a Dart keyword or a drift/Flutter class; choose another name");
    }
    if (!SqlNames.usableUnquoted(name)) {
      throw new ToolException(field, "'" + name + "' is an SQL keyword that SQLite does not take as a table name everywhere "
          + "(the generated triggers and queries name tables unquoted); choose another name, e.g. '" + name + "_items'");
    }
    Optional<TakenNames.Conflict> conflict = taken.conflict(name, cls);
    if (conflict.isEmpty()) return;
    if (conflict.get().sameName()) throw new ToolException(field, "table '" + name + "' already exists; choose another name");
    throw new ToolException(field, "'" + name + "' would clash with the Dart classes of table '" + conflict.get().table().name() + "'");
  }

  /**
   * Refuses the name of a table a feature adds, whether that feature is enabled yet or not: the
   * project's table would otherwise stop the feature from being enabled later.
   */
  static void checkNotFeatureTable(SchemaModel model, Manifest m, String field, String name) throws ToolException {
    Optional<OwnTable> own = model.ownTable(m, name);
    if (own.isPresent()) {
      throw new ToolException(field, "'" + name + "' is a table the " + own.get().feature() + " feature adds; choose another name");
    }
  }

  /** SQLite's names for a rowid table's key; a column so named hides it from every trigger that uses it. */
  public static final Set<String> ROWID_NAMES = Set.of("rowid", "oid", "_rowid_");

  public static void checkColumnName(String field, String name) throws ToolException {
    if (ROWID_NAMES.contains(Names.lower(Names.snakeCase(name)))) {
      throw new ToolException(field, "'" + name + "' is SQLite's name for the row id (as are rowid, oid and _rowid_): "
          + "a column with that name hides it from the triggers that keep timestamps, sync and search current; "
          + "choose another name, e.g. 'rowNumber'");
    }
    if (!Names.isCamelCase(name)) {
      throw new ToolException(field, "'" + name + "' is not lowerCamelCase; column names are Dart getters such as 'firstName' (stored as first_name)");
    }
    if (Names.DART_RESERVED.contains(name)) {
      throw new ToolException(field, "'" + name + "' is a Dart reserved word; choose another name");
    }
    if (!SqlNames.usableUnquoted(Names.snakeCase(name))) {
      throw new ToolException(field, "'" + name + "' is stored as " + Names.snakeCase(name) + ", an SQL keyword that SQLite "
          + "does not take as a column name everywhere (the generated triggers and queries name columns unquoted); "
          + "choose another name, e.g. '" + name + "Value'");
    }
    if (Names.DRIFT_MEMBER_CLASHES.contains(name)) {
      throw new ToolException(field, "'" + name + "' clashes with a member of drift's Table or generated data class; "
          + ("tableName".equals(name) ? "use e.g. 'entityTable'" : "choose another name"));
    }
  }

  /**
   * A column default as it is stored: of the column's type, and with a literal in Dart, on the web
   * and in SQL (finite reals, integers within ±(2^53 − 1), bounded printable text). Returns the
   * value in its stored form (Long, Double, Boolean, String, or {@link Column#NOW}).
   */
  public static Object checkDefault(String field, ColumnType type, Object v) throws ToolException {
    return switch (type) {
      case INTEGER -> {
        if (!(v instanceof Long || v instanceof Integer || v instanceof BigInteger)) {
          throw new ToolException(field, "must be a whole number for an integer column, got " + v);
        }
        ValueRules.checkWebInteger(field, new BigInteger(v.toString()));
        yield ((Number) v).longValue();
      }
      case REAL -> {
        if (!(v instanceof Number n)) throw new ToolException(field, "must be a number for a real column, got " + v);
        ValueRules.checkFinite(field, n.doubleValue());
        yield n.doubleValue();
      }
      case BOOLEAN -> {
        if (v instanceof Boolean) yield v;
        throw new ToolException(field, "must be true or false for a boolean column, got " + v);
      }
      case TEXT -> {
        if (!(v instanceof String s)) throw new ToolException(field, "must be a string for a text column, got " + v);
        ValueRules.checkCharacters(field, s);
        TextSize.DESCRIPTION.check(field, s);
        yield s;
      }
      case DATE_TIME -> {
        if (Column.NOW.equals(v) || "currentDateAndTime".equals(v)) yield Column.NOW;
        throw new ToolException(field, "for a dateTime column only \"now\" (the current time, computed by SQLite) is accepted, got " + v);
      }
      case BLOB -> throw new ToolException(field, "blob columns cannot have a default value");
    };
  }

  /** A referenced column must exist and be the primary key or unique, as SQLite requires. */
  static void checkReference(Manifest m, Table owner, String field, Column c) throws ToolException {
    Column.Reference ref = c.references();
    Table target = ref.table().equals(owner.name()) ? owner : requireTable(m, field + ".table", ref.table());
    Column targetColumn = target.column(ref.column()).orElseThrow(() -> new ToolException(field + ".column",
        "table '" + target.name() + "' has no column '" + ref.column() + "'; its columns: "
            + target.allColumns().stream().map(Column::name).toList()));
    boolean keyed = targetColumn.unique() || (targetColumn.primaryKey() && target.primaryKey().size() == 1);
    if (!keyed) {
      throw new ToolException(field + ".column", "'" + target.name() + "." + ref.column()
          + "' is neither the primary key nor unique, so SQLite cannot reference it");
    }
    if (targetColumn.type() != c.type()) {
      throw new ToolException(field, "column type " + c.type() + " does not match the referenced "
          + target.name() + "." + ref.column() + " (" + targetColumn.type() + ")");
    }
    if (ref.onDelete() == KeyAction.SET_NULL && !c.nullable()) {
      throw new ToolException(field + ".onDelete", "setNull needs a nullable column; make '" + c.name() + "' nullable or use cascade");
    }
  }

  public static Column requireColumn(Table t, String field, String name) throws ToolException {
    return t.column(name).orElseThrow(() -> new ToolException(field, "table '" + t.name() + "' has no column '" + name
        + "'; its columns: " + t.allColumns().stream().map(Column::name).toList()));
  }

  /**
   * The rules of drift_add_table over the columns of one table ({@code nameFields} say where each
   * column was named): no name twice, at most one auto-increment key and then no other key
   * column, and none of the columns that timestamps or softDelete add.
   */
  static void checkColumns(String columnsField, String tableName, List<String> nameFields, List<Column> columns,
                           boolean timestamps, boolean softDelete) throws ToolException {
    Set<String> names = new java.util.HashSet<>();
    for (int i = 0; i < columns.size(); i++) {
      Column column = columns.get(i);
      if (!names.add(column.name()) || !names.add("#" + column.sqlName())) {
        throw new ToolException(nameFields.get(i), "column '" + column.name() + "' is declared twice in table '" + tableName + "'");
      }
    }
    long autoIncrements = columns.stream().filter(Column::autoIncrement).count();
    long pkColumns = columns.stream().filter(Column::primaryKey).count();
    if (autoIncrements > 1 || (autoIncrements == 1 && pkColumns > 1)) {
      throw new ToolException(columnsField, "an autoIncrement column is the whole primary key; drift rejects it combined with other primary-key columns");
    }
    List<String> implicit = new java.util.ArrayList<>();
    if (timestamps) implicit.addAll(List.of("createdAt", "updatedAt"));
    if (softDelete) implicit.add("deletedAt");
    for (String name : implicit) {
      if (names.contains(name)) {
        throw new ToolException(columnsField, "'" + name + "' is added by "
            + (name.equals("deletedAt") ? "softDelete" : "timestamps") + "; remove it from columns");
      }
    }
  }
}
