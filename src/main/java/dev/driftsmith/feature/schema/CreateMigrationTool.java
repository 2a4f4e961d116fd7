package dev.driftsmith.feature.schema;

import dev.driftsmith.input.TextSize;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.schema.Migrations;
import dev.driftsmith.schema.SqlAuthorizer;
import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.schema.SqlStatements;
import dev.driftsmith.schema.SqliteSandbox;
import dev.driftsmith.tool.About;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.FeatureTool;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.Param;
import dev.driftsmith.tool.Params;
import dev.driftsmith.tool.Values;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * drift_create_migration: a schema step of hand-written SQL. Every statement must pass
 * {@link SqlAuthorizer} and run on SQLite against the current schema, must leave the objects the
 * manifest declares as they are, and down statements must restore exactly the schema before the step.
 */
final class CreateMigrationTool extends FeatureTool {
  static final About ABOUT = new About("drift_create_migration", "Add a migration step",
      "Add a migration step of hand-written SQL (an index, a view); each statement is proven on SQLite first.",
      Hints.ADDS);
  static final Param<String> NAME = Param.string("name").required().as((name, field, v) -> {
    if (name.isBlank()) throw new ToolException(field, "must describe the step");
    return name.strip();
  }).required().describe("What the step does");
  static final Param<List<String>> UP = statements("upStatements").nonEmpty("needs at least one statement");
  static final Param<List<String>> DOWN = statements("downStatements")
      .describe("Empty: irreversible");

  CreateMigrationTool() {
    super(ABOUT, Params.of(NAME, UP, DOWN));
  }

  /** SQL statements, each trimmed of its terminator and not empty. */
  private static Param<List<String>> statements(String name) {
    return Param.texts(name, TextSize.SQL).as((raw, field, v) -> {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < raw.size(); i++) {
        String sql = SqlStatements.trim(raw.get(i));
        if (sql.isEmpty()) throw new ToolException(field + "[" + i + "]", "is empty");
        out.add(sql);
      }
      return out;
    }).required();
  }

  @Override
  protected Manifest change(Manifest m, Values v, Change change) throws ToolException {
    String name = v.get(NAME);
    List<String> up = v.get(UP);
    List<String> down = v.get(DOWN);
    DatabaseSchema schema = change.schema(m);
    try (SqliteSandbox box = SqliteSandbox.with(SqlSchema.freshInstall(schema));
         SqliteSandbox declared = SqliteSandbox.with(SqlSchema.declared(schema))) {
      Map<String, String> before = box.snapshot();
      // Tables first: a dropped table takes its indexes and triggers along, and the table is the news.
      List<String> declaredObjects = declared.snapshot().keySet().stream()
          .sorted(Comparator.comparing((String key) -> !key.startsWith("table ")).thenComparing(key -> key)).toList();
      run(box, up, v.field(UP), declaredObjects, before);
      run(box, down, v.field(DOWN), declaredObjects, before);
      if (!down.isEmpty() && !box.snapshot().equals(before)) {
        throw new ToolException(v.field(DOWN), "do not restore the schema as it was before upStatements ("
            + Migrations.difference(before, box.snapshot()) + "); fix them or pass an empty list for an irreversible step");
      }
    } catch (SQLException e) {
      throw new ToolException(null, "could not prepare the current schema: " + e.getMessage());
    }
    if (down.isEmpty()) change.note("No downStatements: this step cannot be undone by a downgrade.");
    return change.steps().custom(m, name, up, down);
  }

  /** Authorizes and runs each statement in turn, so each is checked against the schema the ones before it left. */
  private static void run(SqliteSandbox box, List<String> statements, String field, List<String> declared,
                          Map<String, String> before) throws ToolException, SQLException {
    for (int i = 0; i < statements.size(); i++) {
      String entry = field + "[" + i + "]";
      String sql = statements.get(i);
      try {
        Map<String, String> stored = SqlAuthorizer.storedCode(box);
        SqlAuthorizer.authorize(box, sql, SqlAuthorizer.Use.MIGRATION_STEP);
        box.executeUntrusted(sql);
        SqlAuthorizer.authorizeStoredCode(box, stored);
      } catch (SqlAuthorizer.Refused e) {
        throw new ToolException(entry, e.getMessage());
      } catch (SQLException e) {
        throw new ToolException(entry, "does not run on SQLite against the project's schema: "
            + e.getMessage() + ". Use snake_case SQL names; earlier statements of the list have run first");
      }
      keepDeclared(box, entry, declared, before);
    }
  }

  /**
   * The tables the manifest declares, with their indexes and triggers and the objects features
   * add, must come out of every statement as they went in: the generated Dart still declares
   * them, and the next table tool would build on a table that is no longer there.
   */
  private static void keepDeclared(SqliteSandbox box, String entry, List<String> declared, Map<String, String> before)
      throws ToolException, SQLException {
    Map<String, String> now = box.snapshot();
    for (String object : declared) {
      if (!Objects.equals(before.get(object), now.get(object))) {
        throw new ToolException(entry, (now.containsKey(object) ? "changes " : "drops ") + object
            + ", which the manifest declares. Change declared tables with the table tools (drift_add_table, "
            + "drift_add_relation, and the feature tools that add columns); custom steps are for data and for "
            + "objects the manifest does not declare (extra indexes, views, triggers)");
      }
    }
  }
}
