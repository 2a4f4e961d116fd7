package dev.driftsmith.feature.schema;

import dev.driftsmith.input.Args;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Names;
import dev.driftsmith.project.Relation;
import dev.driftsmith.project.Table;
import dev.driftsmith.project.keys.FeatureKeys;
import dev.driftsmith.project.keys.SyncConfig;
import dev.driftsmith.schema.Migrations;
import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.JsonSchemas;
import dev.driftsmith.tool.ManifestTool;
import java.util.ArrayList;
import java.util.List;

/**
 * drift_add_relation. oneToOne/oneToMany: a foreign key on {@code toTable.toColumn} pointing at
 * {@code fromTable.fromColumn} (the column is added when missing; oneToOne adds a unique index).
 * manyToMany: a junction table with a foreign key to each side and a composite primary key.
 */
final class AddRelationTool extends ManifestTool {
  static final List<String> TYPES = List.of("oneToOne", "oneToMany", "manyToMany");

  @Override
  public String name() {
    return "drift_add_relation";
  }

  @Override
  public String description() {
    return "Relate two tables with foreign keys (a junction table for many-to-many), with the migration step.";
  }

  @Override
  public Hints hints() {
    return Hints.ADDS;
  }

  @Override
  protected void declare(JsonSchemas s) {
    s.required("name", JsonSchemas.pattern("^[a-z][a-zA-Z0-9_]*$", "Relation name, unique in the project"))
        .required("type", JsonSchemas.enumOf("Cardinality", TYPES))
        .required("fromTable", JsonSchemas.string("The parent (\"one\") side"))
        .required("fromColumn", JsonSchemas.string("Its key column (camelCase), usually id"))
        .required("toTable", JsonSchemas.string("The child (\"many\") side; for manyToMany the other side"))
        .required("toColumn", JsonSchemas.string("oneToOne/oneToMany: the foreign-key column on toTable (added when missing). manyToMany: toTable's key column"))
        .optional("throughTable", JsonSchemas.string("manyToMany: junction table name (default fromTable_toTable)"))
        .optional("onDelete", JsonSchemas.enumOf("Action when the parent row is deleted (default: setNull for a nullable key, cascade otherwise)", SchemaRules.KEY_ACTIONS));
  }

  @Override
  protected Manifest change(Manifest m, Args args, Change change) throws ToolException {
    List<String> notes = change.notes();
    String name = args.string("name");
    checkNewName(m.schema().relations(), args.field("name"), name);
    String type = args.enumValue("type", TYPES, null);
    Table from = SchemaRules.requireTable(m, args.field("fromTable"), args.string("fromTable"));
    Column fromColumn = SchemaRules.requireColumn(from, args.field("fromColumn"), args.string("fromColumn"));
    Table to = SchemaRules.requireTable(m, args.field("toTable"), args.string("toTable"));
    String toColumnName = args.string("toColumn");
    String onDelete = args.optString("onDelete").isPresent() ? args.enumValue("onDelete", SchemaRules.KEY_ACTIONS, null) : null;
    for (Relation r : m.schema().relations()) {
      if (r.type().equals(type) && r.fromTable().equals(from.name()) && r.toTable().equals(to.name())
          && r.toColumn().equals(toColumnName)) {
        throw new ToolException(args.field("toColumn"), "relation '" + r.name() + "' already links these columns");
      }
    }
    if (type.equals("manyToMany")) {
      return manyToMany(m, args, name, from, fromColumn, to, toColumnName, onDelete, change);
    }
    checkNoThroughTable(args);
    return foreignKey(m, args, name, type, from, fromColumn, to, toColumnName, onDelete, change);
  }

  static void checkNewName(List<Relation> existing, String field, String name) throws ToolException {
    for (Relation r : existing) {
      if (name.equals(r.name())) throw new ToolException(field, "a relation named '" + name + "' already exists");
    }
  }

  private static void checkNoThroughTable(Args args) throws ToolException {
    if (args.has("throughTable")) {
      throw new ToolException(args.field("throughTable"), "is only for manyToMany relations");
    }
  }

  /**
   * A relation as the manifest records it ({@code relation} holds its fields), after the tool made
   * it: a known type, and tables and columns that exist (the junction table for manyToMany).
   */
  static void checkRecorded(Manifest m, Args relation) throws ToolException {
    String type = relation.enumValue("type", TYPES, null);
    Table from = SchemaRules.requireTable(m, relation.field("fromTable"), relation.string("fromTable"));
    SchemaRules.requireColumn(from, relation.field("fromColumn"), relation.string("fromColumn"));
    Table to = SchemaRules.requireTable(m, relation.field("toTable"), relation.string("toTable"));
    SchemaRules.requireColumn(to, relation.field("toColumn"), relation.string("toColumn"));
    if (type.equals("manyToMany")) {
      SchemaRules.requireTable(m, relation.field("throughTable"), relation.string("throughTable"));
    } else {
      checkNoThroughTable(relation);
    }
  }

  private Manifest foreignKey(Manifest m, Args args, String name, String type, Table from, Column fromColumn,
                              Table to, String toColumnName, String onDelete, Change change) throws ToolException {
    List<String> notes = change.notes();
    var existing = to.columns().stream().filter(c -> c.name().equals(toColumnName)).findFirst();
    if (existing.isEmpty() && to.column(toColumnName).isPresent()) {
      throw new ToolException(args.field("toColumn"), "'" + toColumnName + "' is added by timestamps/softDelete and cannot hold a foreign key");
    }
    Column fk;
    List<Column> columns = new ArrayList<>(to.columns());
    if (existing.isPresent()) {
      Column c = existing.get();
      if (c.references() != null) {
        throw new ToolException(args.field("toColumn"), "'" + to.name() + "." + toColumnName + "' already references "
            + c.references().table() + "." + c.references().column());
      }
      fk = c.withReferences(new Column.Reference(from.name(), fromColumn.name(),
          onDelete != null ? onDelete : c.nullable() ? "setNull" : "cascade", null));
      columns.set(columns.indexOf(c), fk);
    } else {
      SchemaRules.checkColumnName(args.field("toColumn"), toColumnName);
      fk = new Column(toColumnName, fromColumn.type(), true, false, false, false, null,
          new Column.Reference(from.name(), fromColumn.name(), onDelete != null ? onDelete : "setNull", null));
      columns.add(fk);
      notes.add("Added nullable column " + to.name() + "." + toColumnName + " (" + fromColumn.type() + ").");
    }
    Table draft = to.withColumns(columns);
    SchemaRules.checkReference(m, draft, args.field("toColumn"), fk);
    List<Table.Index> indexes = new ArrayList<>(to.indexes());
    if (type.equals("oneToOne")) {
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

  private Manifest manyToMany(Manifest m, Args args, String name, Table from, Column fromColumn, Table to,
                              String toColumnName, String onDelete, Change change) throws ToolException {
    Column toColumn = to.column(toColumnName).orElseThrow(() -> new ToolException(args.field("toColumn"),
        "table '" + to.name() + "' has no column '" + toColumnName + "' (for manyToMany, toColumn is toTable's key)"));
    String through = args.optString("throughTable").orElse(from.name() + "_" + to.name());
    SchemaRules.checkNewTableName(m, args.field("throughTable"), through);
    String left = Names.camelCase(Names.singular(from.name())) + Names.pascalCase(fromColumn.name());
    String right = Names.camelCase(Names.singular(to.name())) + Names.pascalCase(toColumn.name());
    if (left.equals(right)) {
      throw new ToolException(args.field("toTable"), "a table related to itself needs distinct junction columns; create the junction table with drift_add_table and two relations instead");
    }
    String action = onDelete != null ? onDelete : "cascade";
    Column a = new Column(left, fromColumn.type(), false, true, false, false, null,
        new Column.Reference(from.name(), fromColumn.name(), action, null));
    Column b = new Column(right, toColumn.type(), false, true, false, false, null,
        new Column.Reference(to.name(), toColumn.name(), action, null));
    Table junction = new Table(through, List.of(a, b), false, false,
        List.of(new Table.Index(through + "_" + Names.snakeCase(right) + "_idx", List.of(right), false)));
    SchemaRules.checkReference(m, junction, args.field("fromColumn"), a);
    SchemaRules.checkReference(m, junction, args.field("toColumn"), b);
    List<Table> tables = new ArrayList<>(m.schema().tables());
    tables.add(junction);
    List<Relation> relations = new ArrayList<>(m.schema().relations());
    relations.add(new Relation(name, "manyToMany", from.name(), fromColumn.name(), to.name(), toColumn.name(), through));
    Manifest next = m.withSchema(m.schema().withTables(tables).withRelations(relations));
    // Links between two synced tables are data too: the junction syncs when both sides do.
    SyncConfig sync = m.get(FeatureKeys.SYNC).orElse(SyncConfig.NONE);
    if (sync.tables().contains(from.name()) && sync.tables().contains(to.name())) {
      next = next.with(FeatureKeys.SYNC, sync.withTables(List.of(through)));
    }
    return change.record(m, next, "relation " + name + " (manyToMany through " + through + ")");
  }
}
