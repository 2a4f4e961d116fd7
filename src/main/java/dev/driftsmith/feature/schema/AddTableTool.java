package dev.driftsmith.feature.schema;

import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Names;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.FeatureKeys;
import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.JsonSchemas;
import dev.driftsmith.tool.ManifestTool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** drift_add_table: a Table class, its registration in AppDatabase, and a schema step. */
final class AddTableTool extends ManifestTool {
  @Override
  public String name() {
    return "drift_add_table";
  }

  @Override
  public String description() {
    return "Add a table: writes its drift Table class, registers it in AppDatabase and records a migration step.";
  }

  @Override
  public Hints hints() {
    return Hints.ADDS;
  }

  /** The kinds of `id` key the tool adds. */
  static final List<String> ID_TYPES = List.of("integer", "uuid");

  @Override
  protected void declare(JsonSchemas s) {
    JsonSchemas reference = JsonSchemas.object()
        .required("table", JsonSchemas.string("Referenced table (snake_case)"))
        .required("column", JsonSchemas.string("Referenced column (camelCase), its primary key or a unique column"))
        .optional("onDelete", JsonSchemas.enumOf("What deleting the parent does", SchemaRules.KEY_ACTIONS))
        .optional("onUpdate", JsonSchemas.enumOf("What updating the parent key does", SchemaRules.KEY_ACTIONS));
    JsonSchemas column = JsonSchemas.object()
        .required("name", JsonSchemas.pattern("^[a-z][a-zA-Z0-9]*$", "Column getter in lowerCamelCase (stored as snake_case)"))
        .required("type", JsonSchemas.enumOf("Column type", DartTypes.COLUMN_TYPES))
        .optional("nullable", JsonSchemas.bool("Allows NULL (default false)"))
        .optional("primaryKey", JsonSchemas.bool("Part of the primary key"))
        .optional("autoIncrement", JsonSchemas.bool("INTEGER PRIMARY KEY AUTOINCREMENT (integer columns only)"))
        .optional("unique", JsonSchemas.bool("UNIQUE constraint"))
        .optional("defaultValue", JsonSchemas.any("SQL default: a value of the column's type; \"now\" for dateTime"))
        .optional("references", JsonSchemas.nested(reference, "Foreign key"));
    JsonSchemas index = JsonSchemas.object()
        .required("name", JsonSchemas.pattern("^[a-z][a-z0-9_]*$", "Index name (snake_case, unique in the database)"))
        .required("columns", JsonSchemas.arrayOf(JsonSchemas.string("column name (camelCase)"), "Indexed columns, in order"))
        .optional("unique", JsonSchemas.bool("UNIQUE index"));
    s.required("name", JsonSchemas.pattern("^[a-z][a-z0-9]*(_[a-z0-9]+)*$", "Table name in snake_case, e.g. todo_items"))
        .required("columns", JsonSchemas.arrayOf(JsonSchemas.nested(column, "A column"),
            "Columns. Without a primary key, an `id` integer auto-increment column is added."))
        .optional("timestamps", JsonSchemas.bool("Adds createdAt/updatedAt (SQL default now; updatedAt kept current by a trigger)"))
        .optional("softDelete", JsonSchemas.bool("Adds a nullable deletedAt; DAOs hide deleted rows and can restore them"))
        .optional("indexes", JsonSchemas.arrayOf(JsonSchemas.nested(index, "An index"), "Indexes"))
        .optional("idType", JsonSchemas.enumOf("The `id` key added when no column is a primary key: integer (auto-increment,"
            + " the default) or uuid (a TEXT UUID that SQLite sets on insert, unique across devices)", ID_TYPES));
  }

  @Override
  protected Manifest change(Manifest m, Args args, Change change) throws ToolException {
    List<String> notes = change.notes();
    String name = args.string("name");
    SchemaRules.checkNewTableName(m, args.field("name"), name);
    List<Column> columns = new ArrayList<>();
    List<Args> columnArgs = args.objects("columns", true);
    for (Args c : columnArgs) columns.add(SchemaRules.parseColumn(c));
    boolean timestamps = args.bool("timestamps", false);
    boolean softDelete = args.bool("softDelete", false);
    SchemaRules.checkColumns(args, name, columnArgs, columns, timestamps, softDelete);
    long pkColumns = columns.stream().filter(Column::primaryKey).count();
    boolean uuid = "uuid".equals(args.enumValue("idType", ID_TYPES, "integer"));
    if (pkColumns > 0 && args.has("idType")) {
      throw new ToolException(args.field("idType"), "applies to the `id` key added to a table without a primary key, and '"
          + name + "' declares one; drop idType, or drop primaryKey from its columns");
    }
    if (pkColumns == 0) {
      if (columns.stream().anyMatch(c -> c.name().equals("id"))) {
        throw new ToolException(args.field("columns"), "column 'id' is not a primary key and the table has none; mark 'id' primaryKey: true (or autoIncrement: true), or rename it");
      }
      columns.add(0, uuid ? new Column("id", "text", false, true, false, false, Column.UUID, null)
          : new Column("id", "integer", false, true, true, false, null, null));
      notes.add("Table '" + name + "' has no primary key: added `id` (" + (uuid ? "text, a UUID SQLite sets on insert" : "integer, auto-increment") + ").");
    }
    Table draft = new Table(name, columns, timestamps, softDelete, List.of());
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      if (c.references() != null) {
        int argIndex = pkColumns == 0 ? i - 1 : i;
        SchemaRules.checkReference(m, draft, columnArgs.get(argIndex).field("references"), c);
      }
    }
    List<Table.Index> indexes = parseIndexes(m, draft, args);
    Table table = draft.withIndexes(indexes);
    List<Table> tables = new ArrayList<>(m.schema().tables());
    tables.add(table);
    if (!m.get(FeatureKeys.SYNC).map(s -> s.tables().isEmpty()).orElse(true)) {
      notes.add("Other tables sync; '" + name + "' does not until you call drift_enable_sync with tables: [\"" + name + "\"].");
    }
    return change.record(m, m.withSchema(m.schema().withTables(tables)), "add table " + name);
  }

  static List<Table.Index> parseIndexes(Manifest m, Table table, Args args) throws ToolException {
    Set<String> existing = new HashSet<>();
    m.schema().tables().forEach(t -> t.indexes().forEach(i -> existing.add(i.name())));
    m.schema().tables().forEach(t -> existing.add(t.name()));
    List<Table.Index> out = new ArrayList<>();
    for (Args i : args.objects("indexes", false)) {
      i.only(Set.of("name", "columns", "unique"));
      String name = i.string("name");
      if (!Names.isSnakeCase(name) || !existing.add(name) || name.equals(table.name())) {
        throw new ToolException(i.field("name"), "'" + name + "' must be a snake_case name not used by another table or index");
      }
      List<String> cols = i.strings("columns", true);
      if (cols.isEmpty()) throw new ToolException(i.field("columns"), "needs at least one column");
      for (String c : cols) {
        if (table.column(c).isEmpty()) {
          throw new ToolException(i.field("columns"), "no column '" + c + "' in '" + table.name() + "'; columns: "
              + table.allColumns().stream().map(Column::name).toList());
        }
      }
      out.add(new Table.Index(name, cols, i.bool("unique", false)));
    }
    return out;
  }
}
