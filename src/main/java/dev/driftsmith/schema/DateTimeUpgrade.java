package dev.driftsmith.schema;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.Manifest.DateTimeStorage;
import dev.driftsmith.project.Manifest.Schema;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Moves a project whose SQL wrote SQLite's {@code YYYY-MM-DD HH:MM:SS} to {@link DateTimeSql}'s
 * ISO-8601 UTC text. Installed apps hold that text in their rows and in DEFAULT clauses, which
 * SQLite can only change by rebuilding a table, so the move is one schema step that:
 * drops every trigger and view (they would fire during the rewrite, or block the rename of a
 * rebuilt table they mention); rebuilds each table whose DDL changed, rewriting old-form values as
 * rows are copied and keeping AUTOINCREMENT counters; rewrites old-form values in the other tables;
 * and recreates triggers, views and the rebuilt tables' indexes exactly as a fresh install has them.
 * SQLite decides what changed: the step compares the installed schema with a fresh install.
 */
public final class DateTimeUpgrade {
  private DateTimeUpgrade() {}

  public static final String DESCRIPTION = "date-times stored as ISO-8601 UTC text";

  /** The date-time columns of the sync layer's tables, as projects written before this format have them. */
  static final Map<String, List<String>> SYNC_TIME_COLUMNS = Map.of(
      "sync_outbox", List.of("deadline_at", "created_at", "sent_at", "next_attempt_at"),
      "sync_conflicts", List.of("created_at", "resolved_at"));

  /** The manifest in the current format, and what moving it there did (nothing when it was current). */
  public record Result(Manifest manifest, List<String> notes) {}

  /**
   * {@code stored} in the current date-time format; a manifest already there comes back as it was.
   *
   * @throws IllegalStateException when the step would make upgraded databases differ from fresh installs
   */
  public static Result apply(SchemaModel model, Manifest stored) throws SQLException {
    if (stored.database().dateTimes() == DateTimeStorage.ISO8601_UTC) return new Result(stored, List.of());
    Manifest marked = stored.withDatabase(stored.database().withDateTimes(DateTimeStorage.ISO8601_UTC));
    Schema schema = stored.schema();
    List<String> up = step(schema, model.of(marked));
    if (up.isEmpty()) {
      return new Result(marked, List.of("driftsmith.yaml now records `database.dateTimes: iso8601-utc`: date-times are stored"
          + " as ISO-8601 UTC text. No table holds date-times yet, so no schema step was needed."));
    }
    Schema next = schema.withStep(new dev.driftsmith.project.SchemaStep(schema.version() + 1, DESCRIPTION, up, List.of(), false));
    Optional<String> mismatch = Migrations.upgradeMismatch(model.of(marked.withSchema(next)));
    if (mismatch.isPresent()) {
      throw new IllegalStateException("the date-time step would make upgraded databases differ from fresh installs ("
          + mismatch.get() + ")");
    }
    return new Result(marked.withSchema(next), List.of("Date-times are now stored as ISO-8601 UTC text"
        + " (2024-05-01T12:00:00.000Z, drift's own form for UTC) instead of SQLite's 2024-05-01 12:00:00, so they compare"
        + " correctly. Schema step " + next.version() + " moves installed apps: it rebuilds the tables whose defaults write"
        + " date-times and rewrites values stored in the old form to the same instants. driftsmith.yaml records"
        + " `database.dateTimes: iso8601-utc` when this change is written."));
  }

  /** The step's statements; empty when no table holds date-times. */
  static List<String> step(Schema schema, DatabaseSchema current) throws SQLException {
    try (SqliteSandbox installed = SqliteSandbox.with(Migrations.replay(schema, schema.version()));
         SqliteSandbox fresh = SqliteSandbox.with(SqlSchema.freshInstall(current))) {
      List<Entry> before = entries(installed);
      List<Entry> after = entries(fresh);
      Map<String, String> installedShape = installed.snapshot();
      Map<String, String> freshShape = fresh.snapshot();
      Map<String, List<String>> times = timeColumns(schema, before);
      Set<String> rebuilt = new TreeSet<>();
      for (Entry e : after) {
        String key = "table " + e.name();
        if (e.type().equals("table") && !freshShape.get(key).equals(installedShape.get(key))) rebuilt.add(e.name());
      }
      if (rebuilt.isEmpty() && times.isEmpty()) return List.of();
      List<String> up = new ArrayList<>();
      for (Entry e : before) {
        if (e.type().equals("trigger") || e.type().equals("view")) {
          up.add("DROP " + e.type().toUpperCase(Locale.ROOT) + " IF EXISTS " + SqlSchema.quote(e.name()));
        }
      }
      for (Entry e : after) {
        if (!e.type().equals("table")) continue;
        List<String> columns = times.getOrDefault(e.name(), List.of());
        if (rebuilt.contains(e.name())) {
          up.addAll(rebuild(e, columnsOf(installed, e.name()), columns));
        } else {
          for (String c : columns) {
            String ref = SqlSchema.quote(c);
            up.add("UPDATE " + SqlSchema.quote(e.name()) + " SET " + ref + " = " + DateTimeSql.fromSqliteForm(ref)
                + " WHERE " + DateTimeSql.isSqliteForm(ref));
          }
        }
      }
      for (Entry e : after) {
        boolean index = e.type().equals("index") && rebuilt.contains(e.table());
        if (e.sql() != null && (index || e.type().equals("trigger") || e.type().equals("view"))) up.add(e.sql());
      }
      return up;
    }
  }

  /**
   * A table in its fresh-install shape, rows copied with old-form date-times rewritten. DROP TABLE
   * forgets an AUTOINCREMENT counter, so the new table takes over the old one: ids of deleted rows
   * are never handed out again (a synced record id must not come back as another record).
   */
  static List<String> rebuild(Entry fresh, List<String> columns, List<String> timeColumns) {
    String table = fresh.name();
    String temp = "__new_" + table;
    Matcher head = Pattern.compile("^CREATE TABLE (\"" + Pattern.quote(table.replace("\"", "\"\"")) + "\"|"
        + Pattern.quote(table) + ")\\s*\\(").matcher(fresh.sql());
    if (!head.find()) throw new IllegalStateException("unexpected DDL for table " + table + ": " + fresh.sql());
    List<String> names = columns.stream().map(SqlSchema::quote).toList();
    List<String> values = columns.stream()
        .map(c -> timeColumns.contains(c) ? DateTimeSql.fromSqliteForm(SqlSchema.quote(c)) : SqlSchema.quote(c)).toList();
    List<String> out = new ArrayList<>();
    out.add("CREATE TABLE " + SqlSchema.quote(temp) + " (" + fresh.sql().substring(head.end()));
    out.add("INSERT INTO " + SqlSchema.quote(temp) + " (" + String.join(", ", names) + ") SELECT "
        + String.join(", ", values) + " FROM " + SqlSchema.quote(table));
    if (fresh.sql().toUpperCase(Locale.ROOT).contains("AUTOINCREMENT")) {
      out.add("DELETE FROM sqlite_sequence WHERE name = '" + temp.replace("'", "''") + "'");
      out.add("INSERT INTO sqlite_sequence (name, seq) SELECT '" + temp.replace("'", "''") + "', seq FROM sqlite_sequence"
          + " WHERE name = '" + table.replace("'", "''") + "'");
    }
    out.add("DROP TABLE " + SqlSchema.quote(table));
    out.add("ALTER TABLE " + SqlSchema.quote(temp) + " RENAME TO " + SqlSchema.quote(table));
    return out;
  }

  /** The date-time columns of every installed table: the manifest's dateTime columns and the sync tables' times. */
  static Map<String, List<String>> timeColumns(Schema schema, List<Entry> installed) {
    Set<String> tables = new TreeSet<>();
    for (Entry e : installed) if (e.type().equals("table")) tables.add(e.name());
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Table t : schema.tables()) {
      List<String> columns = t.allColumns().stream().filter(c -> c.type() == ColumnType.DATE_TIME).map(Column::sqlName).toList();
      if (!columns.isEmpty() && tables.contains(t.name())) out.put(t.name(), columns);
    }
    SYNC_TIME_COLUMNS.forEach((table, columns) -> {
      if (tables.contains(table)) out.put(table, columns);
    });
    return out;
  }

  /** One row of sqlite_master. */
  record Entry(String type, String name, String table, String sql) {}

  /** The schema's objects in creation order, SQLite's own rows left out. */
  static List<Entry> entries(SqliteSandbox box) throws SQLException {
    List<Entry> out = new ArrayList<>();
    try (Statement st = box.connection().createStatement();
         ResultSet rs = st.executeQuery("SELECT type, name, tbl_name, sql FROM sqlite_master"
             // In LIKE an underscore is any one character: escaped, so a table named sqlitelog is one of ours.
             + " WHERE name NOT LIKE 'sqlite^_%' ESCAPE '^' ORDER BY rowid")) {
      while (rs.next()) out.add(new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
    }
    return out;
  }

  static List<String> columnsOf(SqliteSandbox box, String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = box.connection().createStatement();
         ResultSet rs = st.executeQuery("PRAGMA table_info(" + SqlSchema.quote(table) + ")")) {
      while (rs.next()) out.add(rs.getString("name"));
    }
    return out;
  }
}
