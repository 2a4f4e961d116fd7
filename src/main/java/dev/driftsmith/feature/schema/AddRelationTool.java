package dev.driftsmith.feature.schema;

import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.KeyAction;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Names;
import dev.driftsmith.project.Relation;
import dev.driftsmith.project.RelationType;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.FeatureKeys;
import dev.driftsmith.project.keys.SyncConfig;
import dev.driftsmith.schema.Migrations;
import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.FeatureTool;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.Param;
import dev.driftsmith.tool.Params;
import dev.driftsmith.tool.Values;
import java.util.ArrayList;
import java.util.List;

/**
 * drift_add_relation. oneToOne/oneToMany: a foreign key on {@code toTable.toColumn} pointing at
 * {@code fromTable.fromColumn} (the column is added when missing; oneToOne adds a unique index).
 * manyToMany: a junction table with a foreign key to each side and a composite primary key.
 */
final class AddRelationTool extends FeatureTool {
  static final About ABOUT = new About("drift_add_relation", "Relate two tables",
      "Relate two tables by foreign keys (a junction table for manyToMany), with the migration step.",
      Hints.ADDS);

  static final Param<String> NAME = Param.string("name").required()
      .check((name, field, v) -> checkNewName(v.manifest().schema().relations(), field, name));
  static final Param<RelationType> TYPE = Param.choice("type", RelationType.class).required();
  static final Param<Table> FROM_TABLE = Param.table("fromTable").required().describe("The \"one\" side");
  static final Param<Column> FROM_COLUMN = Param.column("fromColumn", FROM_TABLE).required();
  static final Param<Table> TO_TABLE = Param.table("toTable").required()
      .describe("The \"many\" side");
  static final Param<String> TO_COLUMN = Param.string("toColumn").required()
      .describe("FK on toTable (added if missing); manyToMany: its key");
  static final Param<String> THROUGH = Param.string("throughTable").check(AddRelationTool::onlyManyToMany)
      .describe("Default: fromTable_toTable");
  static final Param<KeyAction> ON_DELETE = Param.choice("onDelete", KeyAction.class)
      .describe("Default: setNull for a nullable key, else cascade");

  /** A relation as driftsmith.yaml records it: its tables and columns exist (the junction table for manyToMany). */
  static final Param<Table> RECORDED_THROUGH = Param.table("throughTable").check(AddRelationTool::onlyManyToMany);
  static final Params RECORDED = Params.of(Param.string("name").required(), TYPE, FROM_TABLE, FROM_COLUMN, TO_TABLE,
      Param.column("toColumn", TO_TABLE).required(), RECORDED_THROUGH);

  AddRelationTool() {
    super(ABOUT, Params.of(NAME, TYPE, FROM_TABLE, FROM_COLUMN, TO_TABLE, TO_COLUMN, THROUGH, ON_DELETE));
  }

  @Override
  protected Manifest change(Manifest m, Values v, Change change) throws ToolException {
    String name = v.get(NAME);
    RelationType type = v.get(TYPE);
    Table from = v.get(FROM_TABLE);
    Column fromColumn = v.get(FROM_COLUMN);
    Table to = v.get(TO_TABLE);
    String toColumnName = v.get(TO_COLUMN);
    KeyAction onDelete = v.optional(ON_DELETE).orElse(null);
    for (Relation r : m.schema().relations()) {
      if (r.type() == type && r.fromTable().equals(from.name()) && r.toTable().equals(to.name())
          && r.toColumn().equals(toColumnName)) {
        throw new ToolException(v.field(TO_COLUMN), "relation '" + r.name() + "' already links these columns");
      }
    }
    if (type == RelationType.MANY_TO_MANY) {
      return manyToMany(m, v, name, from, fromColumn, to, toColumnName, onDelete, change);
    }
    return foreignKey(m, v, name, type, from, fromColumn, to, toColumnName, onDelete, change);
  }

  static void checkNewName(List<Relation> existing, String field, String name) throws ToolException {
    for (Relation r : existing) {
      if (name.equals(r.name())) throw new ToolException(field, "a relation named '" + name + "' already exists");
    }
  }

  private static <T> void onlyManyToMany(T through, String field, Values v) throws ToolException {
    if (v.get(TYPE) != RelationType.MANY_TO_MANY) throw new ToolException(field, "is only for manyToMany relations");
  }

  /**
   * A relation as the manifest records it ({@code relation} holds its fields), after the tool made
   * it: a known type, and tables and columns that exist (the junction table for manyToMany).
   */
  static void checkRecorded(Manifest m, Args relation) throws ToolException {
    Values v = RECORDED.read(relation, m);
    if (v.get(TYPE) == RelationType.MANY_TO_MANY && !v.sent(RECORDED_THROUGH)) {
      throw new ToolException(v.field(RECORDED_THROUGH), "is required: a table name");
    }
  }

  private static Manifest foreignKey(Manifest m, Values v, String name, RelationType type, Table from, Column fromColumn,
                              Table to, String toColumnName, KeyAction onDelete, Change change) throws ToolException {
    var existing = to.columns().stream().filter(c -> c.name().equals(toColumnName)).findFirst();
    if (existing.isEmpty() && to.column(toColumnName).isPresent()) {
      throw new ToolException(v.field(TO_COLUMN), "'" + toColumnName + "' is added by timestamps/softDelete and cannot hold a foreign key");
    }
    Column fk;
    List<Column> columns = new ArrayList<>(to.columns());
    if (existing.isPresent()) {
      Column c = existing.get();
      if (c.references() != null) {
        throw new ToolException(v.field(TO_COLUMN), "'" + to.name() + "." + toColumnName + "' already references "
            + c.references().table() + "." + c.references().column());
      }
      fk = c.withReferences(new Column.Reference(from.name(), fromColumn.name(),
          onDelete != null ? onDelete : c.nullable() ? KeyAction.SET_NULL : KeyAction.CASCADE, null));
      columns.set(columns.indexOf(c), fk);
    } else {
      SchemaRules.checkColumnName(v.field(TO_COLUMN), toColumnName);
      fk = Column.of(toColumnName, fromColumn.type()).asNullable()
          .withReferences(new Column.Reference(from.name(), fromColumn.name(), onDelete != null ? onDelete : KeyAction.SET_NULL, null));
      columns.add(fk);
      change.note("Added nullable column " + to.name() + "." + toColumnName + " (" + fromColumn.type() + ").");
    }
    Table draft = to.withColumns(columns);
    SchemaRules.checkReference(m, draft, v.field(TO_COLUMN), fk);
    List<Table.Index> indexes = new ArrayList<>(to.indexes());
    if (type == RelationType.ONE_TO_ONE) {
      indexes.add(new Table.Index(to.name() + "_" + Names.snakeCase(toColumnName) + "_unique", List.of(toColumnName), true));
    } else {
      indexes.add(new Table.Index(to.name() + "_" + Names.snakeCase(toColumnName) + "_idx", List.of(toColumnName), false));
    }
    Table after = draft.withIndexes(indexes);
    List<Table> tables = m.schema().tables().stream().map(t -> t.name().equals(to.name()) ? after : t).toList();
    List<Relation> relations = new ArrayList<>(m.schema().relations());
    relations.add(new Relation(name, type, from.name(), fromColumn.name(), to.name(), toColumnName, null));
    return change.record(m, m.withSchema(m.schema().withTables(tables).withRelations(relations)), "relation " + name + " (" + type + ")");
  }

  private static Manifest manyToMany(Manifest m, Values v, String name, Table from, Column fromColumn, Table to,
                              String toColumnName, KeyAction onDelete, Change change) throws ToolException {
    Column toColumn = to.column(toColumnName).orElseThrow(() -> new ToolException(v.field(TO_COLUMN),
        "table '" + to.name() + "' has no column '" + toColumnName + "' (for manyToMany, toColumn is toTable's key)"));
    String through = v.optional(THROUGH).orElse(from.name() + "_" + to.name());
    SchemaRules.checkNewTableName(m, v.field(THROUGH), through);
    SchemaRules.checkNotFeatureTable(change.steps().model(), m, v.field(THROUGH), through);
    String left = Names.camelCase(Names.singular(from.name())) + Names.pascalCase(fromColumn.name());
    String right = Names.camelCase(Names.singular(to.name())) + Names.pascalCase(toColumn.name());
    if (left.equals(right)) {
      throw new ToolException(v.field(TO_TABLE), "a table related to itself needs distinct junction columns; create the junction table with drift_add_table and two relations instead");
    }
    KeyAction action = onDelete != null ? onDelete : KeyAction.CASCADE;
    Column a = Column.of(left, fromColumn.type()).asPrimaryKey()
        .withReferences(new Column.Reference(from.name(), fromColumn.name(), action, null));
    Column b = Column.of(right, toColumn.type()).asPrimaryKey()
        .withReferences(new Column.Reference(to.name(), toColumn.name(), action, null));
    Table junction = new Table(through, List.of(a, b), false, false,
        List.of(new Table.Index(through + "_" + Names.snakeCase(right) + "_idx", List.of(right), false)));
    SchemaRules.checkReference(m, junction, v.field(FROM_COLUMN), a);
    SchemaRules.checkReference(m, junction, v.field(TO_COLUMN), b);
    List<Table> tables = new ArrayList<>(m.schema().tables());
    tables.add(junction);
    List<Relation> relations = new ArrayList<>(m.schema().relations());
    relations.add(new Relation(name, RelationType.MANY_TO_MANY, from.name(), fromColumn.name(), to.name(), toColumn.name(), through));
    Manifest next = m.withSchema(m.schema().withTables(tables).withRelations(relations));
    // Links between two synced tables are data too: the junction syncs when both sides do.
    SyncConfig sync = m.get(FeatureKeys.SYNC).orElse(SyncConfig.NONE);
    if (sync.tables().contains(from.name()) && sync.tables().contains(to.name())) {
      next = next.with(FeatureKeys.SYNC, sync.withTables(List.of(through)));
    }
    return change.record(m, next, "relation " + name + " (manyToMany through " + through + ")");
  }
}
