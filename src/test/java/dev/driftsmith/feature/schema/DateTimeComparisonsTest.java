package dev.driftsmith.feature.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftsmith.project.keys.DaoConfig;
import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.schema.SqliteSandbox;
import dev.driftsmith.testing.Schemas;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.ManifestFiles;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Custom DAO queries may not compare, order or take min/max of date-times as text: the message
 * names the field, quotes the part of the query and gives the julianday() form, which is accepted.
 */
class DateTimeComparisonsTest {
  @TempDir
  Path dir;
  final TestEnv env = new TestEnv();
  Path root;

  @BeforeEach
  void project() {
    root = env.project(dir.resolve("app"));
    env.call("drift_add_table", """
        {"projectId": "p", "name": "todos", "timestamps": true, "columns": [
          {"name": "title", "type": "text"}, {"name": "done", "type": "boolean", "defaultValue": false},
          {"name": "dueAt", "type": "dateTime", "nullable": true}, {"name": "priority", "type": "integer", "defaultValue": 0}],
         "indexes": [{"name": "todos_due_idx", "columns": ["dueAt"]}]}""");
  }

  String dao(String returnType, String parameters, String query) {
    return "{\"projectId\": \"p\", \"tableName\": \"todos\", \"customMethods\": [{\"name\": \"q\", \"returnType\": \""
        + returnType + "\", \"parameters\": [" + parameters + "], \"query\": \"" + query + "\"}]}";
  }

  void refused(String returnType, String parameters, String query, String fix) {
    env.assertRefused(root, "drift_generate_dao", dao(returnType, parameters, query), "customMethods[0].query", fix);
  }

  void accepted(String returnType, String parameters, String query) {
    env.call("drift_generate_dao", dao(returnType, parameters, query));
  }

  static final String AT = "{\"name\": \"at\", \"type\": \"DateTime\"}";
  static final String UNTIL = "{\"name\": \"until\", \"type\": \"DateTime\"}";

  @Test
  void comparisonsWithATimeAreRefusedWithTheJuliandayForm() {
    refused("List<Todo>", AT, "SELECT * FROM todos WHERE due_at < ?", "\"julianday(due_at) < julianday(?)\"");
    refused("List<Todo>", AT, "SELECT * FROM todos WHERE done = 0 AND todos.due_at >= ? ORDER BY id",
        "\"julianday(todos.due_at) >= julianday(?)\"");
    refused("List<Todo>", AT, "SELECT * FROM todos WHERE ? = due_at", "\"julianday(?) = julianday(due_at)\"");
    refused("List<Todo>", AT + ", " + UNTIL, "SELECT * FROM todos WHERE due_at NOT BETWEEN ? AND ?",
        "\"julianday(due_at) NOT BETWEEN julianday(?) AND julianday(?)\"");
    refused("List<Todo>", "", "SELECT * FROM todos WHERE updated_at > created_at", "\"julianday(updated_at) > julianday(created_at)\"");
    refused("List<Todo>", "", "SELECT * FROM todos WHERE coalesce(due_at, created_at) < CURRENT_TIMESTAMP",
        "\"julianday(coalesce(due_at, created_at)) < julianday(CURRENT_TIMESTAMP)\"");
    refused("int", AT, "UPDATE todos SET done = 1 WHERE done = 0 AND due_at < ?", "\"julianday(due_at) < julianday(?)\"");
    refused("List<Todo>", AT, "SELECT * FROM todos WHERE due_at NOT IN (?)", "\"julianday(due_at) NOT IN (julianday(?))\"");
    refused("List<Todo>", "", "SELECT * FROM todos WHERE due_at IN ('2024-05-01T10:00:00.000Z')",
        "\"julianday(due_at) IN (julianday('2024-05-01T10:00:00.000Z'))\"");
  }

  @Test
  void aJulianDayComparedWithTextOrSecondsIsRefusedToo() {
    refused("List<Todo>", AT, "SELECT * FROM todos WHERE julianday(due_at) < ?", "\"julianday(due_at) < julianday(?)\"");
    refused("List<Todo>", "", "SELECT * FROM todos WHERE julianday(due_at) > '2024-01-01'", "julianday('2024-01-01')");
    refused("List<Todo>", "", "SELECT * FROM todos WHERE julianday(due_at) > unixepoch('now')", "julianday(unixepoch('now'), 'unixepoch')");
    refused("List<Todo>", AT, "SELECT * FROM todos WHERE datetime(due_at) < ?", "\"julianday(datetime(due_at)) < julianday(?)\"");
    refused("List<Todo>", "", "SELECT * FROM todos WHERE date(due_at) = date(created_at) AND date(due_at) > due_at",
        "\"julianday(date(due_at)) > julianday(due_at)\"");
  }

  @Test
  void orderingAndMinMaxAreRefusedWithTheJuliandayForm() {
    refused("List<Todo>", "", "SELECT * FROM todos ORDER BY priority, due_at DESC", "\"ORDER BY priority, julianday(due_at) DESC\"");
    refused("List<Todo>", "", "SELECT * FROM todos ORDER BY 4", "\"ORDER BY julianday(due_at)\"");
    refused("List<String>", "", "SELECT due_at AS d FROM todos ORDER BY d", "\"ORDER BY julianday(d)\"");
    refused("List<int>", "", "SELECT row_number() OVER (ORDER BY updated_at) AS n FROM todos", "\"ORDER BY julianday(updated_at)\"");
    refused("DateTime?", "", "SELECT max(due_at) AS latest FROM todos",
        "\"strftime('%Y-%m-%dT%H:%M:%fZ', max(julianday(due_at)))\"");
    refused("List<Todo>", "", "SELECT * FROM todos ORDER BY CASE WHEN done THEN updated_at ELSE due_at END",
        "julianday(CASE WHEN done THEN updated_at ELSE due_at END)");
  }

  @Test
  void queriesThatCompareInstantsOrNoTimesAreAccepted() {
    accepted("List<Todo>", AT, "SELECT * FROM todos WHERE julianday(due_at) < julianday(?) ORDER BY julianday(due_at), id");
    accepted("List<Todo>", AT + ", " + UNTIL, "SELECT * FROM todos WHERE julianday(due_at) BETWEEN julianday(?) AND julianday(?)");
    accepted("List<Todo>", "", "SELECT * FROM todos WHERE julianday('now') - julianday(created_at) > 7");
    accepted("List<Todo>", "", "SELECT * FROM todos WHERE unixepoch(due_at) < unixepoch('now') + 3600");
    accepted("List<Todo>", "", "SELECT * FROM todos WHERE datetime(due_at) < datetime('now', '-1 day')");
    accepted("List<Todo>", "", "SELECT * FROM todos WHERE strftime('%Y', due_at) = '2024'");
    accepted("List<Todo>", "{\"name\": \"day\", \"type\": \"String\"}", "SELECT * FROM todos WHERE date(due_at) = ?");
    accepted("List<Todo>", "", "SELECT * FROM todos WHERE due_at IS NULL OR due_at IS NOT NULL ORDER BY title, priority DESC");
    accepted("int", AT, "UPDATE todos SET due_at = ?, done = 0 WHERE done = 1");
    accepted("DateTime?", "", "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', max(julianday(due_at))) AS latest FROM todos");
    accepted("int", "{\"name\": \"n\", \"type\": \"int\"}", "SELECT count(*) AS n FROM todos WHERE priority > ? AND title < 'm'");
  }

  @Test
  void theWholeGrammarIsReadWithoutFalseAlarms() {
    accepted("List<Todo>", "", "WITH late AS (SELECT id FROM todos WHERE julianday(due_at) < julianday('now'))"
        + " SELECT * FROM todos WHERE id IN (SELECT id FROM late) AND (priority > 1 OR title LIKE 'a%')"
        + " ORDER BY CASE WHEN done THEN 1 ELSE 0 END, -priority, julianday(coalesce(due_at, created_at)) DESC NULLS LAST LIMIT 10");
    accepted("List<int>", "", "SELECT count(*) AS n FROM todos t1 JOIN todos t2 USING (priority)"
        + " WHERE t1.id <> t2.id GROUP BY t1.priority HAVING count(*) > 1 UNION SELECT 0");
    accepted("List<int>", "", "SELECT sum(priority) OVER (PARTITION BY done ORDER BY julianday(updated_at), id) AS s FROM todos");
    accepted("int", "{\"name\": \"t\", \"type\": \"String\"}",
        "INSERT INTO todos (title) VALUES (?) ON CONFLICT DO UPDATE SET title = excluded.title, priority = priority + 1");
    accepted("int", "", "DELETE FROM todos WHERE julianday(updated_at) <= julianday('now', '-30 days') AND (done)");
    refused("List<Todo>", "", "SELECT * FROM todos WHERE id IN (SELECT id FROM todos WHERE due_at < created_at)",
        "\"julianday(due_at) < julianday(created_at)\"");
  }

  /** The form the refusal proposes is right on real SQLite, where the text comparison was wrong. */
  @Test
  void theProposedFormFindsTheOverdueTodoTheTextComparisonMissed() throws Exception {
    accepted("int", AT, "UPDATE todos SET done = 1 WHERE done = 0 AND julianday(due_at) < julianday(?)");
    var manifest = ManifestFiles.manifest(root);
    var method = DaoConfig.all(manifest).get(0).customMethods().get(0);
    try (SqliteSandbox db = SqliteSandbox.with(Schemas.freshInstall(manifest))) {
      db.execute("INSERT INTO todos (title, due_at) VALUES ('call', '2024-05-01T12:00:00.000 +02:00')"); // 10:00 UTC
      String now = "2024-05-01T11:00:00.000Z";
      try (PreparedStatement st = db.connection().prepareStatement("SELECT count(*) FROM todos WHERE due_at < ?")) {
        st.setString(1, now);
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          assertEquals(0, rs.getInt(1), "as text, the todo due an hour ago is not overdue");
        }
      }
      try (PreparedStatement st = db.connection().prepareStatement(method.query())) {
        st.setString(1, now);
        assertEquals(1, st.executeUpdate());
      }
      List<String> done = new ArrayList<>();
      try (ResultSet rs = db.connection().createStatement().executeQuery("SELECT done FROM todos")) {
        while (rs.next()) done.add(rs.getString(1));
      }
      assertEquals(List.of("1"), done);
    }
  }
}
