package dev.driftsmith.feature.schema;

import dev.driftsmith.project.Manifest;
import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.schema.SqlStatements;
import dev.driftsmith.schema.SqliteSandbox;
import dev.driftsmith.tool.Args;
import dev.driftsmith.tool.Hints;
import dev.driftsmith.tool.JsonSchemas;
import dev.driftsmith.tool.ManifestTool;
import dev.driftsmith.tool.TextSize;
import dev.driftsmith.tool.ToolException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * drift_create_migration: a schema step of hand-written SQL. Every statement must run on SQLite
 * against the current schema; down statements must restore exactly the schema before the step.
 */
final class CreateMigrationTool extends ManifestTool {
  private static final Set<String> FORBIDDEN = Set.of("BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE",
      "VACUUM", "ATTACH", "DETACH", "PRAGMA");

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
  protected Manifest change(Manifest m, Args args, List<String> notes) throws ToolException {
    String name = args.string("name").strip();
    if (name.isEmpty()) throw new ToolException(args.field("name"), "must describe the step");
    List<String> up = statements(args, "upStatements");
    if (up.isEmpty()) throw new ToolException(args.field("upStatements"), "needs at least one statement");
    List<String> down = statements(args, "downStatements");
    try (SqliteSandbox box = SqliteSandbox.with(SqlSchema.freshInstall(m.schema()))) {
      Map<String, String> before = box.snapshot();
      run(box, up, args.field("upStatements"));
      run(box, down, args.field("downStatements"));
      if (!down.isEmpty() && !box.snapshot().equals(before)) {
        throw new ToolException(args.field("downStatements"), "do not restore the schema as it was before upStatements ("
            + SchemaSteps.difference(before, box.snapshot()) + "); fix them or pass an empty list for an irreversible step");
      }
    } catch (SQLException e) {
      throw new ToolException(null, "could not prepare the current schema: " + e.getMessage());
    }
    if (down.isEmpty()) notes.add("No downStatements: this step cannot be undone by a downgrade.");
    return SchemaSteps.commit(m, m.schema().tables(), m.schema().relations(), name, up, down, true);
  }

  private static List<String> statements(Args args, String field) throws ToolException {
    List<String> raw = args.strings(field, true, TextSize.SQL);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      String f = args.field(field) + "[" + i + "]";
      String sql = SqlStatements.trim(raw.get(i));
      if (sql.isEmpty()) throw new ToolException(f, "is empty");
      if (SqlStatements.count(sql) != 1) {
        throw new ToolException(f, "holds more than one statement; put each statement in its own list entry");
      }
      String verb = sql.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
      if (FORBIDDEN.contains(verb)) {
        throw new ToolException(f, verb + " is not allowed: steps already run inside a transaction the generated code manages");
      }
      out.add(sql);
    }
    return out;
  }

  private static void run(SqliteSandbox box, List<String> statements, String field) throws ToolException {
    for (int i = 0; i < statements.size(); i++) {
      try {
        box.execute(statements.get(i));
      } catch (SQLException e) {
        throw new ToolException(field + "[" + i + "]", "does not run on SQLite against the project's schema: "
            + e.getMessage() + ". Use snake_case SQL names; earlier statements of the list have run first");
      }
    }
  }
}
