package dev.driftsmith.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A kept database's listing reads only the objects CREATEs added since the last one, and whenever
 * that is not known to be all that changed, every object: either way it is the snapshot of the database.
 */
class SchemaListingTest {
  private static final List<String> SCHEMA = List.of(
      "CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL)",
      "CREATE TABLE log (note INTEGER, what TEXT)",
      "CREATE INDEX notes_title ON notes (title)",
      "CREATE TRIGGER notes_logged AFTER UPDATE ON notes BEGIN INSERT INTO log VALUES (NEW.id, 'update'); END");

  /** Runs {@code statements} on {@code db} as a proof does, and returns the listing's snapshot and how many objects it read. */
  private static Listed run(SqliteSandbox db, SchemaListing listing, String... statements) throws Exception {
    listing.beforeRunning(db, List.of(statements));
    for (String sql : statements) db.execute(sql);
    long before = SchemaListing.listedObjects();
    Map<String, String> snapshot = listing.snapshot(db, null);
    return new Listed(snapshot, SchemaListing.listedObjects() - before);
  }

  private record Listed(Map<String, String> snapshot, long objects) {}

  @Test
  void afterCreatesOnlyTheNewObjectsAreRead() throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(SCHEMA)) {
      SchemaListing listing = new SchemaListing();
      assertEquals(4, run(db, listing).objects(), "the first listing reads every object");
      Listed next = run(db, listing, "CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT UNIQUE)",
          "CREATE INDEX tags_name ON tags (name)", "CREATE VIRTUAL TABLE notes_fts USING fts5(title)");
      assertEquals(db.snapshot(), next.snapshot());
      assertTrue(next.snapshot().containsKey("table notes_fts_data"), "a virtual table's shadow tables are new rows too");
      assertEquals(next.snapshot().size() - 4, next.objects(), "only the objects the CREATEs made are read");
      assertEquals(0, run(db, listing).objects(), "nothing ran, nothing is read");
    }
  }

  /** What is not a CREATE can change or remove rows listed before: then every row is read again. */
  @Test
  void anyOtherStatementListsEveryObject() throws Exception {
    List<List<String>> steps = List.of(
        // Rewrites the trigger of another table, which the statement does not name.
        List.of("ALTER TABLE log RENAME TO history"),
        List.of("ALTER TABLE notes ADD COLUMN body TEXT"),
        // The trigger goes with its table; the new table is made again as it was.
        List.of("DROP TABLE notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL)"),
        // The last object dropped and made again differently: SQLite gives it the same rowid.
        List.of("DROP TRIGGER notes_logged",
            "CREATE TRIGGER notes_logged AFTER UPDATE ON notes BEGIN INSERT INTO log VALUES (NEW.id, 'changed'); END"),
        List.of("  /* a comment */ CREATE INDEX notes_id ON notes (id)"));
    for (List<String> step : steps) {
      try (SqliteSandbox db = SqliteSandbox.with(SCHEMA)) {
        SchemaListing listing = new SchemaListing();
        Map<String, String> first = run(db, listing).snapshot();
        Listed next = run(db, listing, step.toArray(String[]::new));
        assertEquals(db.snapshot(), next.snapshot(), step.toString());
        assertFalse(first.equals(next.snapshot()), step + " changed the schema");
        assertEquals(next.snapshot().size(), next.objects(), step + " reads every object");
      }
    }
  }

  /** The schema cookie tells a schema changed outside the listed statements, however its rows were numbered. */
  @Test
  void aSchemaChangedSinceTheLastListingIsListedInFull() throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(SCHEMA)) {
      SchemaListing listing = new SchemaListing();
      run(db, listing);
      // The trigger is the last row: made again, it has the rowid it had.
      db.execute("DROP TRIGGER notes_logged");
      db.execute("CREATE TRIGGER notes_logged AFTER UPDATE ON notes BEGIN INSERT INTO log VALUES (NEW.id, 'changed'); END");
      Listed next = run(db, listing, "CREATE TABLE tags (id INTEGER PRIMARY KEY)");
      assertEquals(db.snapshot(), next.snapshot());
      assertTrue(next.snapshot().get("trigger notes_logged").contains("'changed'"));
    }
  }

  /** A proof's step is undone when the call does not save it; the next step is listed against the database, not the undone step. */
  @Test
  void aRolledBackStepIsNotTakenForTheDatabase() throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(SCHEMA)) {
      SchemaListing listing = new SchemaListing();
      run(db, listing);
      db.execute("BEGIN");
      assertTrue(run(db, listing, "CREATE TABLE undone (x INTEGER)").snapshot().containsKey("table undone"));
      db.execute("ROLLBACK");
      // The next table gets the rowid the undone one had.
      Listed next = run(db, listing, "CREATE TABLE kept (x INTEGER)");
      assertEquals(db.snapshot(), next.snapshot());
      assertTrue(next.snapshot().containsKey("table kept"));
      assertFalse(next.snapshot().containsKey("table undone"));
    }
  }

  /** The snapshot handed out stays as it was while the listing goes on with the database. */
  @Test
  void aSnapshotDoesNotChangeWithTheNextListing() throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(SCHEMA)) {
      SchemaListing listing = new SchemaListing();
      Map<String, String> first = run(db, listing).snapshot();
      run(db, listing, "CREATE TABLE tags (id INTEGER PRIMARY KEY)");
      assertEquals(4, first.size());
    }
  }
}
