package dev.driftsmith.schema;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest.Schema;
import dev.driftsmith.project.SchemaObject;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.project.Table;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Builds schema steps: the literal SQL that takes an installed database to the next version. */
public final class Migrations {
  private Migrations() {}

  /** The schema with {@code tables} as the new model and a step to reach it from the current version. */
  public static Schema withStep(Schema schema, List<Table> tables, String description,
                                List<String> up, List<String> down, boolean custom) {
    int next = schema.version() + 1;
    List<SchemaStep> history = new ArrayList<>(schema.history());
    history.add(new SchemaStep(next, description, up, down, custom));
    return new Schema(next, tables, schema.relations(), schema.objects(), history);
  }

  /**
   * What differs between a fresh install of {@code schema} and a database taken from empty through
   * every recorded step; empty when they are the same, which every new step must keep true.
   */
  public static Optional<String> upgradeMismatch(Schema schema) throws SQLException {
    try (SqliteSandbox fresh = SqliteSandbox.with(SqlSchema.freshInstall(schema));
         SqliteSandbox upgraded = SqliteSandbox.with(replay(schema, schema.version()))) {
      Map<String, String> a = fresh.snapshot();
      Map<String, String> b = upgraded.snapshot();
      return a.equals(b) ? Optional.empty() : Optional.of(difference(a, b));
    }
  }

  /** The first difference between two schema snapshots, for messages. */
  public static String difference(Map<String, String> fresh, Map<String, String> upgraded) {
    for (String key : fresh.keySet()) {
      if (!upgraded.containsKey(key)) return key + " missing after upgrade";
      if (!fresh.get(key).equals(upgraded.get(key))) return key + ": " + contrast(fresh.get(key), upgraded.get(key));
    }
    for (String key : upgraded.keySet()) if (!fresh.containsKey(key)) return key + " only after upgrade";
    return "unknown";
  }

  /** Every statement of the steps up to and including {@code version}, from an empty database. */
  public static List<String> replay(Schema schema, int version) {
    List<String> out = new ArrayList<>();
    for (SchemaStep step : schema.history()) {
      if (step.version() <= version) out.addAll(step.up());
    }
    return out;
  }

  /**
   * SQLite's safe way to change what {@code ALTER TABLE} cannot (a new foreign key on an existing
   * column, a NOT NULL column without a constant default): create the new shape, copy the rows of
   * the columns both shapes share, drop the old table, rename, and recreate indexes and triggers.
   * The generated onUpgrade turns foreign keys off around the steps, so the DROP cascades nothing.
   */
  public static List<String> rebuildTable(Table before, Table after) {
    return rebuildTable(before, after, List.of());
  }

  /** A rebuild that also recreates the triggers and indexes features attached to the table. */
  public static List<String> rebuildTable(Table before, Table after, List<SchemaObject> attached) {
    List<String> dependents = new ArrayList<>(SqlSchema.indexes(after));
    dependents.addAll(SqlSchema.triggers(after));
    for (var object : attached) dependents.add(object.sql());
    return rebuild(before, after, dependents);
  }

  /**
   * Undoes a step on one table: rebuilds {@code current} in its {@code previous} shape and recreates
   * {@code previousDependents}, the CREATE statements of every index and trigger the table had at
   * the version being restored. Those come from that version's database, not from today's model:
   * an index a hand-written migration added is part of that version too, and its own down step
   * will drop it later in the same downgrade.
   */
  public static List<String> restoreTable(Table current, Table previous, List<String> previousDependents) {
    return rebuild(current, previous, previousDependents);
  }

  private static List<String> rebuild(Table before, Table after, List<String> dependents) {
    String temp = "__new_" + after.name();
    List<String> shared = after.allColumns().stream().map(Column::name)
        .filter(name -> before.column(name).isPresent())
        .map(name -> SqlSchema.quote(dev.driftsmith.project.Names.snakeCase(name)))
        .collect(Collectors.toList());
    List<String> out = new ArrayList<>();
    out.add(SqlSchema.createTable(after, temp));
    out.add("INSERT INTO " + SqlSchema.quote(temp) + " (" + String.join(", ", shared) + ") SELECT "
        + String.join(", ", shared) + " FROM " + SqlSchema.quote(before.name()));
    out.add("DROP TABLE " + SqlSchema.quote(before.name()));
    out.add("ALTER TABLE " + SqlSchema.quote(temp) + " RENAME TO " + SqlSchema.quote(after.name()));
    out.addAll(dependents);
    return out;
  }

  /** Adds a column with ALTER TABLE when SQLite allows it (drift-guide §3.2), else rebuilds. */
  public static List<String> addColumn(Table before, Table after, Column column) {
    return addColumn(before, after, column, List.of());
  }

  /** As {@link #addColumn(Table, Table, Column)}; a rebuild recreates the objects features attached to the table. */
  public static List<String> addColumn(Table before, Table after, Column column, List<SchemaObject> attached) {
    boolean alterable = !column.primaryKey() && !column.unique()
        && (column.nullable() || (column.defaultValue() != null && !"dateTime".equals(column.type())))
        && (column.references() == null || column.nullable());
    if (!alterable) return rebuildTable(before, after, attached);
    List<String> out = new ArrayList<>();
    out.add("ALTER TABLE " + SqlSchema.quote(after.name()) + " ADD COLUMN " + SqlSchema.columnDefinition(column));
    if (!SqlSchema.ownTriggers(before).equals(SqlSchema.ownTriggers(after))) {
      // The table's own triggers depend on its options (partial sync changes the touch trigger).
      out.add("DROP TRIGGER IF EXISTS " + SqlSchema.touchTriggerName(after));
      out.addAll(SqlSchema.ownTriggers(after));
    }
    if (after.sync()) {
      // The capture triggers list the columns: recreate them so the new column is synced too.
      out.addAll(OutboxSql.dropTriggers(after));
      out.addAll(OutboxSql.triggers(after));
    }
    return out;
  }
  /**
   * Where two descriptions of one object differ, with what they share cut away: a table's
   * description lists every column, and only the column that differs helps. Columns read
   * {@code name|type|not null|default|primary key}.
   */
  private static String contrast(String fresh, String upgraded) {
    int start = 0;
    while (start < fresh.length() && start < upgraded.length() && fresh.charAt(start) == upgraded.charAt(start)) start++;
    while (start > 0 && "[ ".indexOf(fresh.charAt(start - 1)) < 0) start--;
    int end = 0;
    while (end < fresh.length() - start && end < upgraded.length() - start
        && fresh.charAt(fresh.length() - 1 - end) == upgraded.charAt(upgraded.length() - 1 - end)) end++;
    return "a fresh install has '" + part(fresh, start, end) + "' where an upgraded database has '" + part(upgraded, start, end) + "'";
  }

  /** {@code text} from {@code start} to {@code end} characters before its end, widened to whole entries. */
  private static String part(String text, int start, int end) {
    int stop = text.length() - end;
    while (stop < text.length() && !text.startsWith(", ", stop) && !text.startsWith("] ", stop)) stop++;
    String out = text.substring(start, Math.max(start, stop));
    return out.length() > 200 ? out.substring(0, 200) + "…" : out;
  }
}
