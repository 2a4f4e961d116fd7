import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest.Schema;
import dev.driftsmith.project.Table;
import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.schema.SqliteSandbox;
import java.sql.ResultSet;
import java.util.List;
import java.util.Random;

/**
 * Partial sync (template 11): bytes pushed for single-field edits of a realistic 12-column table,
 * as deltas versus whole records, measured on the outbox the generated triggers fill.
 * Run: java -cp target/driftsmith.jar bench/DeltaBench.java [rows] [edits]
 */
public class DeltaBench {
  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int edits = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
    Table tasks = new Table("tasks", List.of(
        new Column("id", "integer", false, true, true, false, null, null),
        new Column("title", "text", false, false, false, false, null, null),
        new Column("description", "text", true, false, false, false, null, null),
        new Column("status", "text", false, false, false, false, "open", null),
        new Column("priority", "integer", false, false, false, false, 2L, null),
        new Column("dueAt", "dateTime", true, false, false, false, null, null),
        new Column("assignee", "text", true, false, false, false, null, null),
        new Column("labels", "text", true, false, false, false, null, null),
        new Column("estimateHours", "real", true, false, false, false, null, null),
        new Column("done", "boolean", false, false, false, false, false, null)), true, false, List.of(), true);
    long whole = run(tasks, rows, edits);
    long delta = run(tasks.withTracking(Table.FIELD_LEVEL), rows, edits);
    System.out.printf("12-column table, %d rows, %d single-field edits (each pushed before the next)%n", rows, edits);
    System.out.printf("whole records: %d bytes (%.1f per push)%n", whole, (double) whole / edits);
    System.out.printf("deltas:        %d bytes (%.1f per push)%n", delta, (double) delta / edits);
    System.out.printf("deltas use %.1f%% fewer bytes%n", 100.0 * (whole - delta) / whole);
  }

  /** Sum of payload bytes of the update operations the edits queue, each sent before the next edit. */
  static long run(Table table, int rows, int edits) throws Exception {
    Random random = new Random(42);
    String[] columns = {"title", "description", "status", "priority", "due_at", "assignee", "labels", "estimate_hours", "done"};
    try (SqliteSandbox db = SqliteSandbox.with(SqlSchema.freshInstall(new Schema(1, List.of(table), List.of(), List.of())))) {
      db.execute("BEGIN");
      for (int i = 1; i <= rows; i++) {
        db.execute("INSERT INTO tasks (title, description, status, priority, due_at, assignee, labels, estimate_hours) VALUES ('Task "
            + i + " of the quarterly plan', '" + "Details about what needs to be done, who to ask and where the files are. ".repeat(4)
            + "', 'open', 2, '2026-12-01 09:00:00', 'someone@example.com', '[\"work\",\"q4\"]', 3.5)");
      }
      db.execute("DELETE FROM sync_outbox");
      db.execute("COMMIT");
      long bytes = 0;
      for (int e = 0; e < edits; e++) {
        int id = 1 + random.nextInt(rows);
        String column = columns[random.nextInt(columns.length)];
        String value = switch (column) {
          case "priority" -> String.valueOf(random.nextInt(5));
          case "estimate_hours" -> String.valueOf(random.nextInt(40) / 2.0);
          case "done" -> "1 - done";
          case "due_at" -> "'2026-12-" + (10 + random.nextInt(18)) + " 09:00:00'";
          default -> "'edit " + e + "'";
        };
        db.execute("UPDATE tasks SET " + column + " = " + value + " WHERE id = " + id);
        try (ResultSet rs = db.connection().createStatement().executeQuery("SELECT coalesce(sum(length(CAST(payload AS BLOB))), 0) FROM sync_outbox")) {
          rs.next();
          bytes += rs.getLong(1);
        }
        db.execute("DELETE FROM sync_outbox");
      }
      return bytes;
    }
  }
}
