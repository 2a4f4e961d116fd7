package dev.driftsmith.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.testing.Schemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A kept fresh install brought to the next schema must be that schema's fresh install, object for
 * object, and must refuse what running every statement in order refuses; and it must run only the
 * statements that changed, which is what it is for.
 */
class FreshInstallsTest {
  private static final String NOTES = "CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL UNIQUE)";
  private static final String NOTES_WIDER = "CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL UNIQUE, body TEXT)";
  private static final String TAGS = "CREATE TABLE tags (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT)";
  private static final String SEARCH = "CREATE VIRTUAL TABLE notes_fts USING fts5(title, content='notes', content_rowid='id')";
  private static final String NOTES_TITLE = "CREATE INDEX notes_title ON notes (title)";
  private static final String NOTES_AI = "CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN "
      + "INSERT INTO notes_fts(rowid, title) VALUES (new.id, new.title); END";
  private static final String TAGS_AI = "CREATE TRIGGER tags_ai AFTER INSERT ON tags BEGIN SELECT 1; END";
  private static final String LINKS = "CREATE TABLE links (note INTEGER REFERENCES notes (id), tag INTEGER REFERENCES tags (id))";
  private static final String LINKS_NOTE = "CREATE INDEX links_note ON links (note)";

  private static Map<String, String> freshSnapshot(List<String> statements) throws Exception {
    FreshInstalls.Outcome full = FreshInstalls.inFull(statements);
    try (FreshInstalls.Install install = full.install()) {
      return install.db.snapshot();
    }
  }

  @Test
  void aKeptInstallBroughtToTheNextSchemaIsItsFreshInstallAndRunsOnlyWhatChanged() throws Exception {
    FreshInstalls installs = new FreshInstalls();
    List<String> first = List.of(NOTES, TAGS, SEARCH, NOTES_TITLE, NOTES_AI, TAGS_AI);
    installs.keep(installs.install(first).install());
    // notes gains a column (so its index and trigger, which SQLite drops with it, run again),
    // tags_ai is gone, links and its index are new; tags and the search table stay.
    List<String> next = List.of(NOTES_WIDER, TAGS, LINKS, SEARCH, NOTES_TITLE, LINKS_NOTE, NOTES_AI);
    FreshInstalls.Outcome outcome = installs.install(next);
    assertNull(outcome.failed(), outcome.error());
    try (FreshInstalls.Install install = outcome.install()) {
      assertEquals(freshSnapshot(next), install.db.snapshot(), "every object as a fresh install has it, no more");
      assertEquals(first.size() + 5, install.ran(), "only the wider notes, its index and trigger, links and its index ran");
      assertTrue(install.db.snapshot().containsKey("table notes_fts_data"), "the search table's shadow tables stay");
    }
  }

  @Test
  void whatRunningInOrderRefusesIsRefused() throws Exception {
    FreshInstalls installs = new FreshInstalls();
    List<String> first = List.of(NOTES, TAGS, NOTES_TITLE);
    List<List<String>> broken = List.of(
        // The index before its table: the table exists in the kept install, not yet in a fresh one.
        List.of(NOTES, LINKS_NOTE, TAGS, LINKS, NOTES_TITLE),
        // The same name twice.
        List.of(NOTES, TAGS, NOTES_TITLE, "CREATE INDEX notes_title ON tags (name)"),
        // An index on a column the table no longer has.
        List.of("CREATE TABLE notes (id INTEGER PRIMARY KEY)", TAGS, NOTES_TITLE));
    for (List<String> statements : broken) {
      installs.keep(installs.install(first).install());
      FreshInstalls.Outcome full = FreshInstalls.inFull(statements);
      FreshInstalls.Outcome kept = installs.install(statements);
      assertNotNull(full.failed(), "running in order refuses " + statements);
      assertEquals(full.failed(), kept.failed());
      assertEquals(full.error(), kept.error());
    }
  }

  @Test
  void statementsThatAreNotCreatesAreInstalledInFull() throws Exception {
    FreshInstalls installs = new FreshInstalls();
    installs.keep(installs.install(List.of(NOTES, TAGS)).install());
    // An ALTER changes an object another statement made: only running everything in order says what it gives.
    List<String> next = List.of(NOTES, TAGS, "ALTER TABLE tags ADD COLUMN colour TEXT");
    try (FreshInstalls.Install install = installs.install(next).install()) {
      assertEquals(next.size(), install.ran());
      assertEquals(freshSnapshot(next), install.db.snapshot());
    }
    // A statement that makes nothing (the table exists) keeps the first one's table, as in order.
    List<String> twice = List.of(NOTES, "CREATE TABLE IF NOT EXISTS tags (x TEXT)", TAGS.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"));
    installs.keep(installs.install(List.of(NOTES, TAGS.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"))).install());
    try (FreshInstalls.Install install = installs.install(twice).install()) {
      assertEquals(freshSnapshot(twice), install.db.snapshot());
    }
  }

  /**
   * A kept install is a whole schema in SQLite's memory (10 MiB at 200 tables): one is kept, and a
   * full install is never built while one it could not start from is still open.
   */
  @Test
  void oneInstallIsKeptAndNoneIsOpenBesideAFullInstall() throws Exception {
    FreshInstalls installs = new FreshInstalls();
    FreshInstalls.Install first = FreshInstalls.inFull(List.of(NOTES)).install();
    FreshInstalls.Install second = FreshInstalls.inFull(List.of(TAGS)).install();
    installs.keep(first);
    installs.keep(second);
    assertEquals(1, installs.size());
    assertTrue(first.db.connection().isClosed(), "keeping one more closes the one before");
    // Shares no statement with the kept install: that one is closed before the full install runs.
    try (FreshInstalls.Install unrelated = installs.install(List.of("CREATE TABLE other (x TEXT)")).install()) {
      assertEquals(0, installs.size());
      assertTrue(second.db.connection().isClosed(), "the kept install it could not start from is closed");
      assertEquals(1, unrelated.ran(), "installed in full");
    }
  }

  @Test
  void aToolCallProvesOnTheKeptInstallWithTheVerdictOfAFullOne() {
    SchemaSteps steps = Schemas.steps();
    Manifest before = Schemas.record(Schemas.manifest(), Schemas.manifest(table("installs_notes"), table("installs_tags")), "add tables");
    Manifest synced = Schemas.record(before, Schemas.syncing(before, "installs_notes", "installs_tags"), "enable sync");
    Manifest more = Schemas.record(synced, synced.withSchema(synced.schema().withTables(
        append(synced.schema().tables(), table("installs_more")))), "add a table");
    assertEquals(Optional.empty(), steps.departureInFull(more));
    // A table added by hand, without a step: the kept install has it, the upgraded database does not.
    Manifest handEdited = more.withSchema(more.schema().withTables(append(more.schema().tables(), table("installs_by_hand"))));
    Optional<SchemaSteps.Departure> full = steps.departureInFull(handEdited);
    assertTrue(full.isPresent());
    assertEquals(full, steps.departure(handEdited));
    assertTrue(SchemaSteps.INSTALLS.size() > 0, "the fresh install is kept for the next call");
  }

  private static List<Table> append(List<Table> tables, Table table) {
    List<Table> out = new ArrayList<>(tables);
    out.add(table);
    return out;
  }

  private static Table table(String name) {
    return new Table(name, List.of(new Column("id", ColumnType.INTEGER, false, true, true, false, null, null),
        new Column("title", ColumnType.TEXT, false, false, false, false, null, null)), true, false, List.of());
  }
}
