package dev.driftsmith.feature.schema;

import dev.driftsmith.input.Args;
import dev.driftsmith.input.TextSize;
import dev.driftsmith.input.ToolException;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.schema.DatabaseSchema;
import dev.driftsmith.schema.Migrations;
import dev.driftsmith.schema.SqlAuthorizer;
import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.schema.SqlStatements;
import dev.driftsmith.schema.SqliteSandbox;
import dev.driftsmith.tool.Change;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.JsonSchemas;
import dev.driftsmith.tool.ManifestTool;
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
final class CreateMigrationTool extends ManifestTool {
  @Override
  public String name() {
    return "drift_create_migration";
  }

  @Override
  public String description() {
    return "Add a schema step of hand-written SQL (e.g. an extra index or view); each statement is proven on SQLite first.";
  }

  @Override
  public Hints hints() {
    return Hints.ADDS;
  }

  @Override
  protected void declare(JsonSchemas s) {
    s.required("name", JsonSchemas.string("What the step does, e.g. \"index todos by title\""))
        .required("upStatements", JsonSchemas.arrayOf(JsonSchemas.string("One SQL statement"), "Statements that apply the step, in order"))
        .required("downStatements", JsonSchemas.arrayOf(JsonSchemas.string("One SQL statement"), "Statements that undo it (empty: not reversible)"));
  }

  @Override
  protected Manifest change(Manifest m, Args args, Change change) throws ToolException {
    List<String> notes = change.notes();
    String name = args.string("name").strip();
    if (name.isEmpty()) throw new ToolException(args.field("name"), "must describe the step");
    List<String> up = statements(args, "upStatements");
    if (up.isEmpty()) throw new ToolException(args.field("upStatements"), "needs at least one statement");
    List<String> down = statements(args, "downStatements");
    DatabaseSchema schema = change.schema(m);
    try (SqliteSandbox box = SqliteSandbox.with(SqlSchema.freshInstall(schema));
         SqliteSandbox declared = SqliteSandbox.with(SqlSchema.declared(schema))) {
      Map<String, String> before = box.snapshot();
      // Tables first: a dropped table takes its indexes and triggers along, and the table is the news.
      List<String> declaredObjects = declared.snapshot().keySet().stream()
          .sorted(Comparator.comparing((String key) -> !key.startsWith("table ")).thenComparing(key -> key)).toList();
      run(box, up, args.field("upStatements"), declaredObjects, before);
      run(box, down, args.field("downStatements"), declaredObjects, before);
      if (!down.isEmpty() && !box.snapshot().equals(before)) {
        throw new ToolException(args.field("downStatements"), "do not restore the schema as it was before upStatements ("
            + Migrations.difference(before, box.snapshot()) + "); fix them or pass an empty list for an irreversible step");
      }
    } catch (SQLException e) {
      throw new ToolException(null, "could not prepare the current schema: " + e.getMessage());
    }
    if (down.isEmpty()) notes.add("No downStatements: this step cannot be undone by a downgrade.");
    return change.steps().custom(m, name, up, down);
  }

  private static List<String> statements(Args args, String field) throws ToolException {
    List<String> raw = args.strings(field, true, TextSize.SQL);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      String sql = SqlStatements.trim(raw.get(i));
      if (sql.isEmpty()) throw new ToolException(args.field(field) + "[" + i + "]", "is empty");
      out.add(sql);
    }
    return out;
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
