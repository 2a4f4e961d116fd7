package dev.driftsmith.schema;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Runs once, on a tiny schema, what a server's first write call runs on the project's: a sandbox
 * opened, stored statements of each kind run under the authorizer, a database serialized and read
 * back from its image, checked and described. The first of each costs far more than every later
 * one (SQLite's native library loaded and linked, the driver's classes initialised, code run
 * cold), and a new server's first write call paid all of it inside the call. A server runs this on
 * a background thread once its tools are built, while the client reads the tool list: nothing of
 * it is kept, and it touches no project.
 */
public final class SqliteWarmUp {
  private static final List<String> SCHEMA = List.of(
      "CREATE TABLE IF NOT EXISTS \"w\" (\"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \"t\" TEXT NOT NULL)",
      "CREATE INDEX IF NOT EXISTS w_t_idx ON \"w\" (\"t\")",
      "CREATE TRIGGER w_touch AFTER UPDATE ON \"w\" FOR EACH ROW BEGIN SELECT 1; END",
      "CREATE VIRTUAL TABLE IF NOT EXISTS w_fts USING fts5(t, content='w', content_rowid='id')");

  private SqliteWarmUp() {}

  /** The warm-up; a failure costs only the time it would have saved, so it is reported and nothing else. */
  public static void run() {
    try (SqliteSandbox db = new SqliteSandbox()) {
      for (String sql : SCHEMA) db.executeStored(sql);
      try (SqliteSandbox copy = SqliteSandbox.fromImage(db.image());
           Statement st = copy.connection().createStatement();
           ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
        rs.next();
        copy.snapshot();
      }
    } catch (SQLException | RuntimeException e) {
      System.err.println("driftsmith: SQLite warm-up failed: " + e);
    }
  }
}
