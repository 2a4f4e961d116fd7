package dev.driftsmith.feature.schema;

import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest.Schema;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Relation;
import dev.driftsmith.project.SchemaObject;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.project.Table;
import dev.driftsmith.schema.Migrations;
import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.schema.SqliteSandbox;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Records a DDL change as a new schema version, and proves it on SQLite before the manifest is
 * touched: replaying every step from an empty database must give the same schema as a fresh install.
 */
public final class SchemaSteps {
  private SchemaSteps() {}

  public static Manifest commit(Manifest m, List<Table> tables, List<Relation> relations, String description,
                                List<String> up, List<String> down, boolean custom) throws ToolException {
    Schema next = Migrations.withStep(m.schema(), tables, description, up, down, custom);
    next = new Schema(next.version(), next.tables(), relations, next.objects(), next.history());
    verify(next);
    return m.withSchema(next);
  }

  /**
   * One step that adds a column to each of {@code tables}: {@code change} gives the table after
   * (with the column), {@code column} the added column. Undone by a rebuild without it, since
   * triggers may reference it and then DROP COLUMN cannot; the rebuild recreates the indexes and
   * triggers the table has in an installed database of the current version, whichever step made them.
   */
  public static Manifest addColumns(Manifest m, Collection<String> tables, UnaryOperator<Table> change,
                                    Function<Table, Column> column, String description)
      throws ToolException {
    return addColumns(m, tables, change, column, t -> List.of(), description);
  }

  /** As above; {@code fill} gives statements that run after each table's column is added (to fill it from data). */
  public static Manifest addColumns(Manifest m, Collection<String> tables, UnaryOperator<Table> change,
                                    Function<Table, Column> column,
                                    Function<Table, List<String>> fill, String description)
      throws ToolException {
    List<Table> all = new ArrayList<>();
    List<String> up = new ArrayList<>();
    List<String> down = new ArrayList<>();
    try (SqliteSandbox installed = SqliteSandbox.with(Migrations.replay(m.schema(), m.schema().version()))) {
      for (Table t : m.schema().tables()) {
        if (!tables.contains(t.name())) {
          all.add(t);
          continue;
        }
        Table after = change.apply(t);
        var attached = m.schema().objectsOn(t.name());
        up.addAll(Migrations.addColumn(t, after, column.apply(after), attached));
        up.addAll(fill.apply(after));
        down.addAll(Migrations.restoreTable(after, t, installed.dependents(t.name())));
        all.add(after);
      }
    } catch (SQLException e) {
      throw new ToolException(null, "the current schema does not run on SQLite: " + e.getMessage() + "; nothing was written");
    }
    return commit(m, all, m.schema().relations(), description, up, down, false);
  }

  /** Records a step that adds or replaces feature-owned schema objects (FTS tables, triggers, ...). */
  public static Manifest commitObjects(Manifest m, List<SchemaObject> objects, String description,
                                       List<String> up, List<String> down) throws ToolException {
    Schema next = Migrations.withStep(m.schema(), m.schema().tables(), description, up, down, false).withObjects(objects);
    verify(next);
    return m.withSchema(next);
  }

  /** Fails when upgrading through the recorded steps would not yield the fresh-install schema. */
  public static void verify(Schema schema) throws ToolException {
    Optional<Departure> departure = departure(schema);
    if (departure.isEmpty()) return;
    if (departure.get().sqlError() != null) {
      throw new ToolException(null, "the resulting schema does not run on SQLite: " + departure.get().sqlError() + "; nothing was written");
    }
    throw new ToolException(null, "this change would make upgraded databases differ from fresh installs ("
        + departure.get().difference() + "); nothing was written");
  }

  /**
   * How replaying a schema's steps departs from a fresh install: a statement SQLite refused (the
   * manifest field it comes from, and SQLite's error), or the first difference between the two.
   */
  record Departure(String field, String sqlError, String difference) {}

  /** Empty when every step runs and the replayed schema equals a fresh install. */
  static Optional<Departure> departure(Schema schema) {
    List<String> fresh = SqlSchema.freshInstall(schema);
    List<String> replay = Migrations.replay(schema, schema.version());
    List<List<String>> proof = List.of(fresh, replay);
    if (PROVEN.contains(proof)) return Optional.empty();
    try (SqliteSandbox installed = new SqliteSandbox(); SqliteSandbox upgraded = new SqliteSandbox()) {
      for (String sql : fresh) {
        String error = run(installed, sql);
        if (error != null) return Optional.of(new Departure(freshInstallField(schema, sql), error, null));
      }
      List<SchemaStep> history = schema.history();
      for (int k = 0; k < history.size(); k++) {
        List<String> up = history.get(k).up();
        for (int j = 0; j < up.size(); j++) {
          String error = run(upgraded, up.get(j));
          if (error != null) return Optional.of(new Departure("schema.history[" + k + "].up[" + j + "]", error, null));
        }
      }
      Map<String, String> a = installed.snapshot();
      Map<String, String> b = upgraded.snapshot();
      if (!a.equals(b)) return Optional.of(new Departure("schema.history", null, difference(a, b)));
    } catch (SQLException e) {
      return Optional.of(new Departure("schema", e.getMessage(), null));
    }
    PROVEN.add(proof);
    return Optional.empty();
  }

  private static String run(SqliteSandbox box, String sql) {
    try {
      box.executeStored(sql);
      return null;
    } catch (SQLException e) {
      return e.getMessage();
    }
  }

  /** The manifest field a fresh-install statement comes from: a feature's object, a hand-written step, or the tables. */
  private static String freshInstallField(Schema schema, String sql) {
    for (int i = 0; i < schema.objects().size(); i++) {
      if (schema.objects().get(i).sql().equals(sql)) return "schema.objects[" + i + "].sql";
    }
    for (int k = 0; k < schema.history().size(); k++) {
      SchemaStep step = schema.history().get(k);
      int j = step.up().indexOf(sql);
      if (step.custom() && j >= 0) return "schema.history[" + k + "].up[" + j + "]";
    }
    return "schema.tables";
  }

  /** Schemas whose replay was proven, by the statements of their fresh install and of their replay. */
  private static final Proven PROVEN = new Proven();

  static String difference(Map<String, String> fresh, Map<String, String> upgraded) {
    return Migrations.difference(fresh, upgraded);
  }



  static String quote(String name) {
    return SqlSchema.quote(name);
  }
}
