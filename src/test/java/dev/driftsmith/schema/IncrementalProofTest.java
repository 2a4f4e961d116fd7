package dev.driftsmith.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.project.Column;
import dev.driftsmith.project.ColumnType;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.project.Table;
import dev.driftsmith.testing.Concurrently;
import dev.driftsmith.testing.Schemas;
import dev.driftsmith.testing.TestEnv;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tool call proves its new step on the database the previous call upgraded (kept in memory by
 * the history's hash) instead of replaying the whole history: these tests hold it to the verdict a
 * full replay gives, and check that the kept database is really the one used and stays the one
 * of the saved history.
 */
class IncrementalProofTest {
  private final SchemaSteps steps = Schemas.steps();

  /** A project of two synced tables whose names start with {@code prefix}, so that no other test proved it before. */
  private static Manifest synced(String prefix) {
    Manifest v1 = Schemas.record(Schemas.manifest(), Schemas.manifest(table(prefix + "_notes"), table(prefix + "_tags")), "add tables");
    return Schemas.record(v1, Schemas.syncing(v1, prefix + "_notes", prefix + "_tags"), "enable sync");
  }

  private static Table table(String name) {
    return new Table(name, List.of(new Column("id", ColumnType.INTEGER, false, true, true, false, null, null),
        new Column("title", ColumnType.TEXT, false, false, false, false, null, null)), true, false, List.of());
  }

  private static Manifest withStep(Manifest m, boolean custom, String... up) {
    return m.withSchema(m.schema().withStep(new SchemaStep(m.schema().version() + 1, "hand-made", List.of(up), List.of(), custom)));
  }

  private static String key(Manifest m) {
    return Replays.key(m.schema().history());
  }

  @Test
  void aStepProvenOnTheKeptDatabaseGetsTheVerdictOfAFullReplay() {
    Manifest saved = synced("verdict");
    assertTrue(SchemaSteps.REPLAYS.holds(key(saved)), "recording the last step keeps the database it upgraded");
    Table notes = saved.schema().tables().get(0);
    List<Column> columns = new ArrayList<>(notes.columns());
    columns.add(new Column("body", ColumnType.TEXT, true, false, false, false, null, null));
    Manifest good = Schemas.record(saved, saved.withSchema(saved.schema().withTables(
        List.of(notes.withColumns(columns), saved.schema().tables().get(1)))), "add body");
    List<Manifest> broken = List.of(
        // Runs on an empty database, fails only after the history: the column exists already.
        withStep(saved, false, "ALTER TABLE verdict_notes ADD COLUMN title TEXT"),
        // Runs, but leaves a table a fresh install does not have.
        withStep(saved, false, "CREATE TABLE verdict_extra (x INTEGER)"),
        // The second statement fails after the first ran: the step must leave nothing behind.
        withStep(saved, false, "CREATE INDEX verdict_notes_title ON verdict_notes (title)", "DROP TABLE verdict_missing"));
    assertEquals(Optional.empty(), steps.departureInFull(good));
    for (Manifest m : broken) {
      Optional<SchemaSteps.Departure> full = steps.departureInFull(m);
      assertTrue(full.isPresent(), "a full replay refuses " + m.schema().history().get(m.schema().history().size() - 1).up());
      assertTrue(SchemaSteps.REPLAYS.holds(key(saved)), "the saved history's database is kept for the next step");
      assertEquals(full, steps.departure(m), "the kept database gives the verdict of a full replay");
    }
    Optional<SchemaSteps.Departure> twice = steps.departure(broken.get(0));
    assertEquals("schema.history[2].up[0]", twice.orElseThrow().field());
    assertTrue(twice.get().sqlError().contains("duplicate column name: title"), twice.get().sqlError());
    // The step that failed midway left no index behind in the kept database: creating it still works.
    assertEquals(Optional.empty(), steps.departure(withStep(saved, true, "CREATE INDEX verdict_notes_title ON verdict_notes (title)")));
  }

  @Test
  void aHistoryIsKeptByItsStatementsWithAndWithoutItsLastStep() {
    Manifest saved = synced("keys");
    List<SchemaStep> history = saved.schema().history();
    Replays.Keys keys = Replays.keys(history);
    assertEquals(Replays.key(history), keys.all());
    assertEquals(Replays.key(history.subList(0, history.size() - 1)), keys.beforeLast());
    assertEquals(Replays.key(List.of()), Replays.keys(List.of()).all());
    // The description of a step is not part of the database it makes; one more character of SQL is.
    SchemaStep last = history.get(history.size() - 1);
    List<SchemaStep> renamed = new ArrayList<>(history.subList(0, history.size() - 1));
    renamed.add(new SchemaStep(last.version(), "another description", last.up(), last.down(), last.custom()));
    assertEquals(keys.all(), Replays.key(renamed));
    List<String> up = new ArrayList<>(last.up());
    up.set(0, up.get(0) + " ");
    List<SchemaStep> changed = new ArrayList<>(history.subList(0, history.size() - 1));
    changed.add(new SchemaStep(last.version(), last.description(), up, last.down(), last.custom()));
    assertFalse(keys.all().equals(Replays.key(changed)));
  }

  @Test
  void theNextStepRunsOnTheKeptDatabaseAndCheckIgnoresIt() throws Exception {
    Manifest saved = synced("kept");
    // Tamper with the kept database: if the next proof used a full replay, it would not notice.
    Replays.Replay replay = SchemaSteps.REPLAYS.take(key(saved)).orElseThrow();
    replay.db.execute("CREATE TABLE kept_tampered (x INTEGER)");
    SchemaSteps.REPLAYS.keep(replay);
    Manifest next = withStep(saved, true, "CREATE INDEX kept_notes_title ON kept_notes (title)");
    Optional<SchemaSteps.Departure> departure = steps.departure(next);
    assertEquals("table kept_tampered only after upgrade", departure.orElseThrow().difference());
    assertEquals(Optional.empty(), steps.departureInFull(next), "a full replay uses no kept database");
  }

  /** The kept databases are listed only for what the new step and the fresh install's new statements add. */
  @Test
  void aProofOfAnAddedTableListsOnlyTheObjectsItAdds() {
    Manifest saved = synced("listed");
    int objects = SchemaSteps.REPLAYS.take(key(saved)).map(replay -> {
      try {
        return replay.db.snapshot().size();
      } catch (java.sql.SQLException e) {
        throw new AssertionError(e);
      } finally {
        SchemaSteps.REPLAYS.keep(replay);
      }
    }).orElseThrow();
    List<Table> tables = new ArrayList<>(saved.schema().tables());
    tables.add(table("listed_d"));
    long before = SchemaListing.listedObjects();
    Manifest next = Schemas.record(saved, saved.withSchema(saved.schema().withTables(tables)), "add table listed_d");
    long listed = SchemaListing.listedObjects() - before;
    assertEquals(Optional.empty(), steps.departureInFull(next));
    // The new table and its trigger, in each of the two databases; listing both in full reads every object twice.
    assertTrue(listed <= 4, "listed " + listed + " objects of a schema of " + objects);
  }

  /**
   * A step that removes or rewrites objects it does not name (the indexes and triggers of a table it
   * drops, the triggers a rename rewrites) is caught on the kept databases as in a full replay.
   */
  @Test
  void aStepThatChangesObjectsItDoesNotNameIsCaught() throws Exception {
    Manifest saved = synced("unnamed");
    String tags;
    Replays.Replay replay = SchemaSteps.REPLAYS.take(key(saved)).orElseThrow();
    try (var st = replay.db.connection().prepareStatement("SELECT sql FROM sqlite_schema WHERE name = 'unnamed_tags'");
         var rs = st.executeQuery()) {
      rs.next();
      tags = rs.getString(1);
    } finally {
      SchemaSteps.REPLAYS.keep(replay);
    }
    List<Manifest> broken = List.of(
        withStep(saved, false, "DROP TABLE unnamed_tags", tags),
        withStep(saved, false, "ALTER TABLE unnamed_tags RENAME TO unnamed_old", tags),
        withStep(saved, false, "ALTER TABLE unnamed_notes RENAME COLUMN title TO heading",
            "ALTER TABLE unnamed_notes ADD COLUMN title TEXT"));
    for (Manifest m : broken) {
      Optional<SchemaSteps.Departure> full = steps.departureInFull(m);
      assertTrue(full.isPresent(), "a full replay refuses " + m.schema().history().get(m.schema().history().size() - 1).up());
      assertEquals(full, steps.departure(m), "the kept databases give the verdict of a full replay");
    }
  }

  @Test
  void aKeptDatabaseSqliteCannotUseFallsBackToAFullReplay() throws Exception {
    Manifest saved = synced("unusable");
    Replays.Replay replay = SchemaSteps.REPLAYS.take(key(saved)).orElseThrow();
    replay.db.execute("BEGIN"); // the proof's own transaction then cannot start
    SchemaSteps.REPLAYS.keep(replay);
    Manifest next = withStep(saved, true, "CREATE INDEX unusable_notes_title ON unusable_notes (title)");
    assertEquals(Optional.empty(), steps.departure(next));
    assertTrue(SchemaSteps.REPLAYS.holds(key(next)), "the full replay is kept instead");
  }

  @Test
  void callsAtOnceEachGetTheirOwnVerdict() throws Exception {
    Manifest saved = synced("parallel");
    List<Callable<Optional<SchemaSteps.Departure>>> calls = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String index = "CREATE INDEX parallel_notes_" + i + " ON parallel_notes (title)";
      Manifest m = i % 2 == 0 ? withStep(saved, true, index) : withStep(saved, false, index, "ALTER TABLE parallel_tags ADD COLUMN title TEXT");
      calls.add(() -> steps.departure(m));
    }
    List<Optional<SchemaSteps.Departure>> verdicts = Concurrently.run(calls);
    for (int i = 0; i < verdicts.size(); i++) {
      assertEquals(i % 2 == 1, verdicts.get(i).isPresent(), "call " + i + ": " + verdicts.get(i));
    }
    assertTrue(SchemaSteps.REPLAYS.size() <= Replays.KEPT);
  }

  @Test
  void aDryRunLeavesTheKeptDatabaseAtTheSavedHistory(@TempDir Path dir) throws Exception {
    TestEnv env = new TestEnv();
    Path root = env.projectWithNotes(dir);
    env.call("drift_enable_sync", "{\"projectId\": \"p\", \"tables\": [\"notes\"]}");
    Manifest saved = env.tools.context().projects().load(root);
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"dry_run_only\", \"dryRun\": true,"
        + " \"columns\": [{\"name\": \"title\", \"type\": \"text\"}]}");
    assertEquals(saved.schema().history(), env.tools.context().projects().load(root).schema().history(), "a dry run saves no step");
    Replays.Replay replay = SchemaSteps.REPLAYS.take(key(saved)).orElseThrow(() -> new AssertionError("the saved history's database is kept"));
    try {
      assertFalse(replay.db.snapshot().containsKey("table dry_run_only"), "the dry run's table is not in the saved history's database");
      assertTrue(replay.db.snapshot().containsKey("table notes"));
    } finally {
      SchemaSteps.REPLAYS.keep(replay);
    }
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"saved_after\", \"columns\": [{\"name\": \"title\", \"type\": \"text\"}]}");
    Manifest after = env.tools.context().projects().load(root);
    assertEquals(Optional.empty(), steps.departureInFull(after));
    assertTrue(SchemaSteps.REPLAYS.holds(key(after)));
  }
}
