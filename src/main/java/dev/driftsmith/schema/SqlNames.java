package dev.driftsmith.schema;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether SQLite takes a name unquoted everywhere our generated SQL puts one: triggers, payloads
 * and queries write table and column names as they are, and SQLite lets some keywords be names in
 * some places only ({@code order} works as a column of a CREATE TABLE and breaks an UPDATE ... SET).
 * SQLite itself decides, by compiling the shapes our SQL uses.
 */
public final class SqlNames {
  private SqlNames() {}

  private static final Map<String, Boolean> USABLE = new ConcurrentHashMap<>();

  /** Whether {@code name} (a snake_case SQL name) works unquoted as a table name and as a column name. */
  public static boolean usableUnquoted(String name) {
    return USABLE.computeIfAbsent(name, SqlNames::compiles);
  }

  /**
   * One database for every probe, each probe inside a savepoint that is rolled back, so probes of
   * different names never see each other's tables. A database per name made the first validation
   * of a large project (a name per table, more per column) open hundreds of connections.
   */
  private static SqliteSandbox probes;

  private static synchronized boolean compiles(String n) {
    List<String> shapes = List.of(
        "CREATE TABLE " + n + " (k__ INTEGER PRIMARY KEY, " + n + " TEXT)",
        "CREATE INDEX " + n + "_idx ON " + n + " (" + n + ")",
        "CREATE TRIGGER " + n + "_t AFTER UPDATE ON " + n + " FOR EACH ROW WHEN NEW." + n + " IS NOT OLD." + n
            + " BEGIN UPDATE " + n + " SET " + n + " = NEW." + n + " WHERE rowid = NEW.rowid; END",
        "INSERT INTO " + n + " (" + n + ") SELECT " + n + " FROM " + n + " WHERE " + n + " = 1 ORDER BY " + n,
        "DELETE FROM " + n + " WHERE " + n + " IN (SELECT " + n + " FROM " + n + " GROUP BY " + n + ")");
    try {
      if (probes == null) probes = new SqliteSandbox();
      probes.execute("SAVEPOINT probe");
    } catch (SQLException e) {
      throw new IllegalStateException("SQLite cannot open an in-memory database: " + e.getMessage(), e);
    }
    boolean compiled = true;
    try {
      for (String sql : shapes) probes.execute(sql);
    } catch (SQLException e) {
      compiled = false;
    }
    try {
      probes.execute("ROLLBACK TO probe");
      probes.execute("RELEASE probe");
    } catch (SQLException e) {
      // The next probe must start from an empty database: begin again with a new one.
      try {
        probes.close();
      } catch (SQLException ignored) {
        // An in-memory database that cannot close cleanly holds nothing anyone needs.
      }
      probes = null;
    }
    return compiled;
  }
}
