package dev.driftsmith.feature.schema;

import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.input.Wire;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.KeyAction;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Names;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.FeatureKeys;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.FeatureTool;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.Param;
import dev.driftsmith.tool.Params;
import dev.driftsmith.tool.Values;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** drift_add_table: a Table class, its registration in AppDatabase, and a schema step. */
final class AddTableTool extends FeatureTool {
  static final About ABOUT = new About("drift_add_table", "Add a table",
      "Add a table: its drift Table class, its registration in AppDatabase and a migration step.",
      Hints.ADDS);

  /** A column as declared, with where it was declared (for the messages of checks across columns). */
  record DeclaredColumn(Column column, String nameField, String referencesField) {}

  /** An index as declared; its columns are checked against the table once all its columns are known. */
  record DeclaredIndex(Table.Index index, String nameField, String columnsField) {}

  static final Param<String> REF_TABLE = Param.string("table").required();
  static final Param<String> REF_COLUMN = Param.string("column").required()
      .describe("Its primary key or a unique column");
  static final Param<KeyAction> ON_DELETE = Param.choice("onDelete", KeyAction.class);
  static final Param<KeyAction> ON_UPDATE = Param.choice("onUpdate", KeyAction.class);

  static final Param<String> COLUMN_NAME = Param.string("name").required()
      .check((name, field, v) -> SchemaRules.checkColumnName(field, name))
      .pattern(Names.CAMEL.pattern(), "firstName").describe("Dart getter; SQL name is its snake_case");
  static final Param<ColumnType> TYPE = Param.choice("type", ColumnType.class).required();
  static final Param<Boolean> NULLABLE = Param.bool("nullable").orDefault(false);
  static final Param<Boolean> PRIMARY_KEY = Param.bool("primaryKey").orDefault(false);
  static final Param<Boolean> AUTO_INCREMENT = Param.bool("autoIncrement").orDefault(false)
      .check((auto, field, v) -> {
        if (auto && v.get(TYPE) != ColumnType.INTEGER) {
          throw new ToolException(field, "only integer columns can auto-increment; '" + v.get(COLUMN_NAME) + "' is " + v.get(TYPE));
        }
      });
  static final Param<Boolean> UNIQUE = Param.bool("unique").orDefault(false);
  static final Param<Object> DEFAULT = Param.scalar("defaultValue")
      .as((value, field, v) -> SchemaRules.checkDefault(field, v.get(TYPE), value))
      .describe("Of the column's type; \"now\" for dateTime");
  static final Param<Column.Reference> REFERENCES = Param.object("references",
      Params.of(REF_TABLE, REF_COLUMN, ON_DELETE, ON_UPDATE),
      v -> new Column.Reference(v.get(REF_TABLE), v.get(REF_COLUMN), v.get(ON_DELETE), v.get(ON_UPDATE)));
  /** The fields of one column, the same in a call and in driftsmith.yaml. */
  static final Params COLUMN = Params.of(COLUMN_NAME, TYPE, NULLABLE, PRIMARY_KEY, AUTO_INCREMENT, UNIQUE, DEFAULT, REFERENCES);

  static final Param<String> INDEX_NAME = Param.string("name").required();
  static final Param<List<String>> INDEX_COLUMNS = Param.strings("columns").required().nonEmpty("needs at least one column");
  static final Param<Boolean> INDEX_UNIQUE = Param.bool("unique").orDefault(false);

  static final Param<String> NAME = Param.string("name").required()
      .check((name, field, v) -> SchemaRules.checkNewTableName(v.manifest(), field, name)).pattern(Names.SNAKE.pattern(), "todo_items");
  static final Param<List<DeclaredColumn>> COLUMNS = Param.list("columns", COLUMN, AddTableTool::column).required()
      .describe("No primary key: an auto-increment id is added");
  static final Param<Boolean> TIMESTAMPS = Param.bool("timestamps").orDefault(false)
      .describe("Adds createdAt, updatedAt");
  static final Param<Boolean> SOFT_DELETE = Param.bool("softDelete").orDefault(false)
      .describe("Adds deletedAt; DAOs hide deleted rows");
  static final Param<List<DeclaredIndex>> INDEXES = Param.list("indexes", Params.of(INDEX_NAME, INDEX_COLUMNS, INDEX_UNIQUE),
      v -> new DeclaredIndex(new Table.Index(v.get(INDEX_NAME), v.get(INDEX_COLUMNS), v.get(INDEX_UNIQUE)),
          v.field(INDEX_NAME), v.field(INDEX_COLUMNS)));

  /** The kind of `id` key added to a table that declares no primary key. */
  enum IdType implements Wire {
    INTEGER,
    UUID
  }

  static final Param<IdType> ID_TYPE = Param.choice("idType", IdType.class)
      .describe("The id added without a primary key: integer (auto-increment, the default) or uuid (TEXT, set by SQLite on insert, "
          + "unique across devices)");

  AddTableTool() {
    super(ABOUT, Params.of(NAME, COLUMNS, TIMESTAMPS, SOFT_DELETE, INDEXES, ID_TYPE));
  }

  /** One column of its declared fields; an auto-increment column is the primary key. */
  static DeclaredColumn column(Values v) throws ToolException {
    boolean autoIncrement = v.get(AUTO_INCREMENT);
    boolean pk = autoIncrement || v.get(PRIMARY_KEY);
    if (pk && v.get(NULLABLE)) throw new ToolException(v.field(NULLABLE), "a primary-key column cannot be nullable");
    Column c = new Column(v.get(COLUMN_NAME), v.get(TYPE), v.get(NULLABLE), pk, autoIncrement, v.get(UNIQUE),
        v.get(DEFAULT), v.get(REFERENCES));
    return new DeclaredColumn(c, v.field(COLUMN_NAME), v.field(REFERENCES));
  }

  /** One column as driftsmith.yaml stores it ({@code c}), read with the rules of a call. */
  static DeclaredColumn column(Args c, Manifest m) throws ToolException {
    return column(COLUMN.read(c, m));
  }

  @Override
  protected Manifest change(Manifest m, Values v, Change change) throws ToolException {
    String name = v.get(NAME);
    SchemaRules.checkNotFeatureTable(change.steps().model(), m, v.field(NAME), name);
    List<DeclaredColumn> declared = v.get(COLUMNS);
    List<Column> columns = new ArrayList<>(declared.stream().map(DeclaredColumn::column).toList());
    boolean timestamps = v.get(TIMESTAMPS);
    boolean softDelete = v.get(SOFT_DELETE);
    SchemaRules.checkColumns(v.field(COLUMNS), name, declared.stream().map(DeclaredColumn::nameField).toList(), columns,
        timestamps, softDelete);
    if (columns.stream().noneMatch(Column::primaryKey)) {
      if (columns.stream().anyMatch(c -> c.name().equals("id"))) {
        throw new ToolException(v.field(COLUMNS), "column 'id' is not a primary key and the table has none; mark 'id' primaryKey: true (or autoIncrement: true), or rename it");
      }
      boolean uuid = v.optional(ID_TYPE).orElse(IdType.INTEGER) == IdType.UUID;
      columns.add(0, uuid ? Column.of("id", ColumnType.TEXT).asPrimaryKey().withDefault(Column.UUID) : Column.autoIncrementKey("id"));
      change.note("Table '" + name + "' has no primary key: added `id` (" + (uuid ? "text, a UUID SQLite sets on insert"
          : "integer, auto-increment") + ").");
    } else if (v.optional(ID_TYPE).isPresent()) {
      throw new ToolException(v.field(ID_TYPE), "applies to the `id` key added to a table without a primary key, and '"
          + name + "' declares one; drop idType, or drop primaryKey from its columns");
    }
    Table draft = new Table(name, columns, timestamps, softDelete, List.of());
    for (DeclaredColumn c : declared) {
      if (c.column().references() != null) SchemaRules.checkReference(m, draft, c.referencesField(), c.column());
    }
    Table table = draft.withIndexes(indexes(m, draft, v.optional(INDEXES).orElse(List.of())));
    List<Table> tables = new ArrayList<>(m.schema().tables());
    tables.add(table);
    if (!m.get(FeatureKeys.SYNC).map(s -> s.tables().isEmpty()).orElse(true)) {
      change.note("Other tables sync; '" + name + "' does not until you call drift_enable_sync with tables: [\"" + name + "\"].");
    }
    return change.record(m, m.withSchema(m.schema().withTables(tables)), "add table " + name);
  }

  /** The indexes of {@code table}: snake_case names no table or index has, over columns of the table. */
  static List<Table.Index> indexes(Manifest m, Table table, List<DeclaredIndex> declared) throws ToolException {
    Set<String> existing = new HashSet<>();
    m.schema().tables().forEach(t -> t.indexes().forEach(i -> existing.add(i.name())));
    m.schema().tables().forEach(t -> existing.add(t.name()));
    return indexes(existing, table, declared);
  }

  /**
   * {@link #indexes(Manifest, Table, List)} when {@code existing} names the tables before and their
   * indexes; the names of the new indexes are added to it.
   */
  static List<Table.Index> indexes(Set<String> existing, Table table, List<DeclaredIndex> declared) throws ToolException {
    List<Table.Index> out = new ArrayList<>();
    for (DeclaredIndex i : declared) {
      String name = i.index().name();
      if (!Names.isSnakeCase(name) || !existing.add(name) || name.equals(table.name())) {
        throw new ToolException(i.nameField(), "'" + name + "' must be a snake_case name not used by another table or index");
      }
      for (String c : i.index().columns()) {
        if (table.column(c).isEmpty()) {
          throw new ToolException(i.columnsField(), "no column '" + c + "' in '" + table.name() + "'; columns: "
              + table.allColumns().stream().map(Column::name).toList());
        }
      }
      out.add(i.index());
    }
    return out;
  }
}
