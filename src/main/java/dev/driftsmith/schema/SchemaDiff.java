package dev.driftsmith.schema;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The statements that take an installed database from one {@link DatabaseSchema} to another: the
 * one helper every tool's schema step comes from, up and down alike. Tables get new columns with
 * ALTER TABLE where SQLite allows it and are rebuilt otherwise; every other object is compared by
 * name and DDL and recreated when it changed, so an object computed from a table's columns follows
 * any change of that table. Objects the model does not know ({@code extras}: indexes, triggers and
 * views that hand-written steps created) survive rebuilds.
 */
public final class SchemaDiff {
  private SchemaDiff() {}

  /** A column SQLite can add with ALTER TABLE: see its rules for ADD COLUMN. */
  static boolean alterable(Column c) {
    return !c.primaryKey() && !c.unique()
        && (c.nullable() || (c.defaultValue() != null && !c.computedDefault()))
        && (c.references() == null || c.nullable());
  }

  public static List<String> migrate(DatabaseSchema from, DatabaseSchema to, List<SchemaObject> extras) {
    Map<String, Table> before = byName(from.tables());
    Map<String, Table> after = byName(to.tables());
    Map<String, List<Column>> added = new LinkedHashMap<>();
    Set<String> rebuilt = new LinkedHashSet<>();
    for (Table t : to.tables()) {
      Table old = before.get(t.name());
      // Equal records give equal DDL; comparing them first spares building the DDL of every unchanged table.
      if (old == null || old.equals(t) || SqlSchema.createTable(old).equals(SqlSchema.createTable(t))) continue;
      List<Column> addedColumns = addedColumns(old, t);
      if (addedColumns == null || !addedColumns.stream().allMatch(SchemaDiff::alterable)) rebuilt.add(t.name());
      else added.put(t.name(), addedColumns);
    }
    Set<String> dropped = new LinkedHashSet<>(before.keySet());
    dropped.removeAll(after.keySet());

    Map<String, SchemaObject> oldObjects = byObjectName(from.objects());
    Map<String, SchemaObject> newObjects = byObjectName(to.objects());
    // A rebuild drops and renames a table, and SQLite then re-checks every trigger and view that
    // names it: take those down first and put them back afterwards. Only those: recreating every
    // trigger on each rebuild made each step grow with the whole schema.
    boolean anyRebuild = !rebuilt.isEmpty();
    List<SchemaObject> toDrop = new ArrayList<>();
    List<SchemaObject> toCreate = new ArrayList<>();
    for (SchemaObject o : from.systemObjects()) {
      SchemaObject next = newObjects.get(o.name());
      if (o.kind() == SchemaObject.Kind.TABLE && next != null && !o.sameAs(next)) {
        throw new IllegalStateException("the feature table " + o.name() + " changed shape; that needs a migration of its rows, "
            + "which a feature must write as its own step");
      }
    }
    for (SchemaObject o : from.objects()) {
      SchemaObject next = newObjects.get(o.name());
      boolean onChangedTable = o.table() != null && (rebuilt.contains(o.table()) || dropped.contains(o.table()));
      if (!o.sameAs(next) || onChangedTable || namesRebuilt(o, next, rebuilt)) toDrop.add(o);
    }
    for (SchemaObject o : to.objects()) {
      SchemaObject old = oldObjects.get(o.name());
      boolean onRebuiltTable = o.table() != null && rebuilt.contains(o.table());
      if (!o.sameAs(old) || onRebuiltTable || namesRebuilt(o, old, rebuilt)) toCreate.add(o);
    }
    // An object that uses one that is recreated (a trigger writing a search index) is recreated with it.
    for (boolean grew = true; grew; ) {
      grew = false;
      for (SchemaObject o : from.objects()) {
        if (toDrop.contains(o) || !recreatedOnRebuild(o) || !newObjects.containsKey(o.name())) continue;
        if (toDrop.stream().anyMatch(d -> mentions(o.sql(), d.name()))) {
          toDrop.add(o);
          toCreate.add(newObjects.get(o.name()));
          grew = true;
        }
      }
    }
    List<SchemaObject> survivingExtras = new ArrayList<>();
    if (anyRebuild) {
      for (SchemaObject e : extras) {
        if (newObjects.containsKey(e.name()) || oldObjects.containsKey(e.name())) continue;
        if (recreatedOnRebuild(e) || rebuilt.contains(e.table())) survivingExtras.add(e);
      }
    }

    List<String> out = new ArrayList<>();
    List<SchemaObject> drops = new ArrayList<>(toDrop);
    drops.addAll(survivingExtras.stream().filter(SchemaDiff::recreatedOnRebuild).toList());
    // Triggers and views first (they may use the rest), then indexes, virtual tables, tables.
    drops.sort(java.util.Comparator.comparing((SchemaObject o) -> o.kind()).reversed());
    for (SchemaObject o : drops) out.add(o.drop());
    for (SchemaObject o : to.systemObjects()) {
      if (toCreate.contains(o) && o.kind() == SchemaObject.Kind.TABLE) out.add(o.sql());
    }
    for (Table t : to.tables()) if (!before.containsKey(t.name())) out.add(SqlSchema.createTable(t));
    for (Map.Entry<String, List<Column>> e : added.entrySet()) {
      for (Column c : e.getValue()) {
        out.add("ALTER TABLE " + SqlSchema.quote(e.getKey()) + " ADD COLUMN " + SqlSchema.columnDefinition(c));
      }
    }
    for (String name : rebuilt) out.addAll(Migrations.rebuild(before.get(name), after.get(name)));
    for (String name : dropped) out.add("DROP TABLE IF EXISTS " + SqlSchema.quote(name));
    List<SchemaObject> creates = new ArrayList<>(toCreate.stream()
        .filter(o -> !(o.table() == null && o.kind() == SchemaObject.Kind.TABLE)).toList());
    creates.addAll(survivingExtras);
    for (SchemaObject o : SqlSchema.inCreationOrder(creates)) out.add(o.sql());
    for (SchemaObject o : SqlSchema.inCreationOrder(toCreate)) {
      // A recreated object starts empty; one that only follows its rebuilt table does too.
      SchemaObject old = oldObjects.get(o.name());
      if (old == null || o.refill()) out.addAll(o.fill());
    }
    return out;
  }

  /**
   * Whether {@code sql} names {@code name} as a whole word, not as part of a longer identifier. A
   * plain scan, not a regular expression: it runs for every trigger against every dropped object,
   * which on a large project is most of the cost of computing a step.
   */
  static boolean mentions(String sql, String name) {
    for (int at = sql.indexOf(name); at >= 0; at = sql.indexOf(name, at + 1)) {
      int end = at + name.length();
      if ((at == 0 || !identifierPart(sql.charAt(at - 1))) && (end == sql.length() || !identifierPart(sql.charAt(end)))) return true;
    }
    return false;
  }

  private static boolean identifierPart(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  }

  /**
   * Whether {@code o}, a trigger or view, names a rebuilt table in its SQL or in that of
   * {@code counterpart} (the same object on the other side of the step, null when there is none).
   */
  private static boolean namesRebuilt(SchemaObject o, SchemaObject counterpart, Set<String> rebuilt) {
    if (rebuilt.isEmpty() || !recreatedOnRebuild(o)) return false;
    for (String table : rebuilt) {
      if (mentions(o.sql(), table) || (counterpart != null && mentions(counterpart.sql(), table))) return true;
    }
    return false;
  }

  /** Triggers and views: the objects a table rename would re-check. */
  private static boolean recreatedOnRebuild(SchemaObject o) {
    return o.kind() == SchemaObject.Kind.TRIGGER || o.kind() == SchemaObject.Kind.VIEW;
  }

  /** The columns {@code after} adds to {@code before}, or null when it changes or removes one. */
  private static List<Column> addedColumns(Table before, Table after) {
    Map<String, Column> old = new LinkedHashMap<>();
    for (Column c : before.allColumns()) old.put(c.sqlName(), c);
    List<Column> added = new ArrayList<>();
    for (Column c : after.allColumns()) {
      Column previous = old.remove(c.sqlName());
      if (previous == null) added.add(c);
      else if (!SqlSchema.columnDefinition(previous).equals(SqlSchema.columnDefinition(c))) return null;
    }
    return old.isEmpty() ? added : null;
  }

  private static Map<String, Table> byName(List<Table> tables) {
    Map<String, Table> out = new LinkedHashMap<>();
    for (Table t : tables) out.put(t.name(), t);
    return out;
  }

  private static Map<String, SchemaObject> byObjectName(List<SchemaObject> objects) {
    Map<String, SchemaObject> out = new LinkedHashMap<>();
    for (SchemaObject o : objects) out.put(o.name(), o);
    return out;
  }
}
