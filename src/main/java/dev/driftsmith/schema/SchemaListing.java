package dev.driftsmith.schema;

import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The snapshot ({@link SqliteSandbox#snapshot()}) of a database a proof keeps between calls (the
 * upgraded one, the fresh install), remembered so that the next proof on it lists only the objects
 * its statements added. Listing all of them moved every object's SQL out of SQLite twice per call,
 * and at 120 synced tables that was a third of a drift_add_table.
 *
 * <p>Why the shorter listing is the database's: it is taken only when {@link #beforeRunning} saw
 * that the database is still at the schema listed last (SQLite's schema cookie, which every schema
 * change raises and a rollback restores, is what it was just after that listing) and every
 * statement about to run is a CREATE. A CREATE adds rows to sqlite_schema and changes none: only
 * ALTER TABLE rewrites an existing row (a rename rewrites the triggers and views of other tables
 * too), and only a DROP removes rows (the indexes, triggers and shadow tables of a table with it).
 * Without a drop, SQLite gives each new row a rowid above the largest one, so the objects a CREATE
 * made are the rows above the largest rowid of the last listing, and every other row is as it was
 * listed. Any other statement, a schema changed outside the proof, or nothing listed yet, and
 * every object is listed again, reusing the descriptions of objects whose table and SQL are unchanged.
 *
 * <p>Used by one call at a time, like the database it lists.
 */
final class SchemaListing {
  /** Snapshot entries by key ({@code "table notes"}): the description and what it was described from. */
  private SortedMap<String, SqliteSandbox.Described> entries = new TreeMap<>();
  /** The descriptions alone, by the same keys: the snapshot itself. */
  private SortedMap<String, String> snapshot = new TreeMap<>();
  /** The schema cookie and the largest sqlite_schema rowid just after the last listing; no cookie before one. */
  private long schemaVersion = NOT_LISTED;
  private long lastRowid;
  /** Whether the statements running since {@link #beforeRunning} only add objects to the schema listed last. */
  private boolean onlyAdding;

  private static final long NOT_LISTED = -1;

  /** Objects read from sqlite_schema by every listing in this process (for tests). */
  private static final AtomicLong LISTED_OBJECTS = new AtomicLong();

  /** Call before {@code statements} run on {@code db}, and nothing else until the next {@link #snapshot}. */
  void beforeRunning(SqliteSandbox db, List<String> statements) throws SQLException {
    onlyAdding = schemaVersion != NOT_LISTED && statements.stream().allMatch(SchemaListing::creates)
        && db.schemaVersion() == schemaVersion;
  }

  /**
   * The snapshot of {@code db}; objects it adds that {@code shared} (the listing of the database it
   * is compared with) described from the same table and SQL take that description.
   */
  SortedMap<String, String> snapshot(SqliteSandbox db, SchemaListing shared) throws SQLException {
    boolean added = onlyAdding;
    onlyAdding = false;
    if (!added || !addRows(db, shared)) listAll(db, shared);
    schemaVersion = db.schemaVersion();
    lastRowid = db.lastSchemaRowid();
    // A copy: the next proof changes this listing while a caller may still read the snapshot (to record it).
    return Collections.unmodifiableSortedMap(new TreeMap<>(snapshot));
  }

  /** Adds the rows above the last listing's; false (and nothing changed) when one of them is listed already. */
  private boolean addRows(SqliteSandbox db, SchemaListing shared) throws SQLException {
    List<SqliteSandbox.Listed> rows = db.listed(lastRowid);
    LISTED_OBJECTS.addAndGet(rows.size());
    // A new row of a name listed before would mean a row went away: never after CREATEs alone.
    for (SqliteSandbox.Listed o : rows) if (entries.containsKey(o.key())) return false;
    for (SqliteSandbox.Listed o : rows) put(o, describe(db, o, Map.of(), shared));
    return true;
  }

  private void listAll(SqliteSandbox db, SchemaListing shared) throws SQLException {
    List<SqliteSandbox.Listed> rows = db.listed(0);
    LISTED_OBJECTS.addAndGet(rows.size());
    Map<String, SqliteSandbox.Described> known = entries;
    entries = new TreeMap<>();
    snapshot = new TreeMap<>();
    for (SqliteSandbox.Listed o : rows) put(o, describe(db, o, known, shared));
  }

  private static SqliteSandbox.Described describe(SqliteSandbox db, SqliteSandbox.Listed o,
      Map<String, SqliteSandbox.Described> known, SchemaListing shared) throws SQLException {
    SqliteSandbox.Described d = o.reuse(known);
    if (d == null && shared != null) d = o.reuse(shared.entries);
    return d != null ? d : db.describe(o);
  }

  private void put(SqliteSandbox.Listed o, SqliteSandbox.Described d) {
    entries.put(o.key(), d);
    snapshot.put(o.key(), d.description());
  }

  /** Whether {@code sql} is a CREATE statement (one with anything before the word is not taken for one). */
  private static boolean creates(String sql) {
    return sql.stripLeading().regionMatches(true, 0, "CREATE ", 0, 7);
  }

  static long listedObjects() {
    return LISTED_OBJECTS.get();
  }
}
