package dev.driftsmith.feature.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.feature.sync.SyncQueries;
import dev.driftsmith.feature.sync.SyncSettings;
import dev.driftsmith.feature.sync.SyncedTable;
import dev.driftsmith.generate.ChangeSet;
import dev.driftsmith.project.Column;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.Table;
import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.schema.SqliteSandbox;
import dev.driftsmith.testing.DartStrings;
import dev.driftsmith.testing.Schemas;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.ManifestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sync feature through its tools, and the generated files against the SQL we test. */
class SyncFeatureTest {
  @TempDir
  static Path shared;
  static Path demo;
  static Manifest manifest;

  @TempDir
  Path dir;

  @BeforeAll
  static void buildDemo() throws Exception {
    demo = TestEnv.demo(shared.resolve("demo"));
    manifest = ManifestFiles.manifest(demo);
  }

  @Test
  void theProtocolDocumentInTheRepoIsTheOneWeGenerate() throws Exception {
    String generated = TestEnv.read(demo, "docs/sync-protocol.md");
    String ours = Files.readString(Path.of("docs/sync-protocol.md"));
    assertTrue(generated.endsWith(ours), "docs/sync-protocol.md differs from templates/sync/sync-protocol.md.hbs");
  }

  /** Every SQL string in sync_sql.dart is a statement this test suite runs on SQLite. */
  @Test
  void syncSqlDartCarriesExactlyTheTestedStatements() {
    List<String> expected = new ArrayList<>(SyncQueries.statements(BackgroundSyncConfig.of(manifest).tablePriorities(),
        SyncPriorityConfig.rules(manifest)).values());
    List<SyncedTable> synced = SyncSettings.syncedTables(manifest).stream().map(t -> Schemas.synced(manifest, t.name())).toList();
    for (SyncedTable t : synced) {
      expected.add(t.name());
      expected.add(SyncQueries.update(t));
    }
    for (SyncedTable t : synced) {
      expected.add(t.name());
      expected.add(SyncQueries.insert(t));
    }
    SyncedTable notes = Schemas.synced(manifest, "notes");
    SyncedTable categories = Schemas.synced(manifest, "categories");
    // Partial sync in the demo: categories server-wins; notes merge, where notes.pinned is serverWins.
    expected.addAll(List.of("categories", SyncQueries.applyDelta(categories, PartialResolution.SERVER_WINS, java.util.Set.of()),
        "notes", SyncQueries.applyDelta(notes, PartialResolution.MERGE, java.util.Set.of("pinned"))));
    expected.addAll(List.of("categories", SyncQueries.recordDeltaLoss(categories, PartialResolution.SERVER_WINS, java.util.Set.of()),
        "notes", SyncQueries.recordDeltaLoss(notes, PartialResolution.MERGE, java.util.Set.of("pinned"))));
    expected.addAll(List.of("categories", SyncQueries.dropLocalFields(categories, PartialResolution.SERVER_WINS, java.util.Set.of()),
        "notes", SyncQueries.dropLocalFields(notes, PartialResolution.MERGE, java.util.Set.of("pinned"))));
    expected.addAll(List.of("categories", SyncQueries.deletedHere(categories), "notes", SyncQueries.deletedHere(notes)));
    expected.addAll(List.of("categories", SyncQueries.clearDirty(categories), "notes", SyncQueries.clearDirty(notes)));
    for (SyncedTable t : synced) {
      expected.add(t.name());
      expected.add(SyncQueries.rebaseAsInsert(t));
    }
    for (SyncedTable t : synced) {
      if (SyncQueries.missingParents(t) == null) continue;
      expected.add(t.name());
      expected.add(SyncQueries.missingParents(t));
    }
    for (SyncedTable t : synced) {
      if (SyncQueries.uniqueLoses(t) == null) continue;
      expected.add(t.name());
      expected.add(SyncQueries.uniqueLoses(t));
    }
    for (SyncedTable t : synced) {
      if (SyncQueries.keepUniqueRivals(t) == null) continue;
      expected.add(t.name());
      expected.add(SyncQueries.keepUniqueRivals(t));
    }
    for (SyncedTable t : synced) {
      if (SyncQueries.yieldUnique(t) == null) continue;
      expected.add(t.name());
      expected.add(SyncQueries.yieldUnique(t));
    }
    for (SyncedTable t : synced) {
      List<String> release = SyncQueries.releaseChildren(synced, t);
      if (release.isEmpty()) continue;
      expected.add(t.name());
      expected.addAll(release);
    }
    for (SyncedTable t : synced) {
      expected.add(t.name());
      expected.add(SyncQueries.deleteRecord(t));
    }
    assertEquals(expected, DartStrings.in(TestEnv.read(demo, "lib/data/sync/sync_sql.dart")));
  }

  @Test
  void theDemoQueueUsesItsPriorityRulesAndTableWeights() {
    String dequeue = SyncQueries.dequeue(BackgroundSyncConfig.of(manifest).tablePriorities(), SyncPriorityConfig.rules(manifest));
    assertTrue(dequeue.contains("CASE o.entity WHEN 'todos' THEN 200 WHEN 'notes' THEN 100"), dequeue);
    assertTrue(dequeue.contains("WHEN o.entity = 'todos' AND o.op = 'delete' THEN 3 WHEN o.entity = 'tags' THEN 0 WHEN o.entity = 'todos' THEN 2"), dequeue);
    assertTrue(dequeue.contains("/ 300000"), dequeue);
  }

  @Test
  void priorityInputIsValidated() throws Exception {
    TestEnv env = new TestEnv();
    Path root = twoTables(env);
    Map<String, String> before = TestEnv.files(root);
    String[][] cases = {
        {"{\"projectId\": \"p\", \"priorities\": {\"books\": \"URGENT\"}, \"maxConcurrent\": 1, \"agePromotionMs\": 1000}", "priorities.books"},
        {"{\"projectId\": \"p\", \"priorities\": {\"books.upsert\": \"HIGH\"}, \"maxConcurrent\": 1, \"agePromotionMs\": 1000}", "priorities.books.upsert"},
        {"{\"projectId\": \"p\", \"priorities\": {\"nope\": \"HIGH\"}, \"maxConcurrent\": 1, \"agePromotionMs\": 1000}", "priorities.nope"},
        {"{\"projectId\": \"p\", \"priorities\": {}, \"maxConcurrent\": 1, \"agePromotionMs\": 1000}", "priorities"},
        {"{\"projectId\": \"p\", \"priorities\": {\"books\": \"HIGH\"}, \"maxConcurrent\": 0, \"agePromotionMs\": 1000}", "maxConcurrent"},
        {"{\"projectId\": \"p\", \"priorities\": {\"books\": \"HIGH\"}, \"maxConcurrent\": 2, \"agePromotionMs\": -5}", "agePromotionMs"}};
    for (String[] c : cases) {
      var e = env.error("drift_configure_sync_priority", c[0]);
      assertTrue(e.getMessage().startsWith(c[1] + ":"), e.getMessage());
    }
    assertEquals(before, TestEnv.files(root));
    var ok = env.call("drift_configure_sync_priority", "{\"projectId\": \"p\", \"priorities\": {\"books\": \"CRITICAL\"}, \"maxConcurrent\": 3, \"agePromotionMs\": 60000}");
    assertTrue(ok.summary().contains("Sync was not enabled"), ok.summary());
    String dart = TestEnv.read(root, "lib/data/sync/sync_priority.dart");
    TestEnv.assertContains(dart, "'books': SyncPriority.critical,");
    TestEnv.assertContains(dart, "static const int maxConcurrent = 3;");
  }

  /** Each table's upsert and delete, as generated, on the demo's schema: full and partial records, no echo. */
  @Test
  void everyGeneratedApplyStatementRunsOnTheDemoSchema() throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(Schemas.freshInstall(manifest))) {
      db.execute(SyncQueries.BEGIN_REMOTE);
      List<SyncedTable> synced = SyncSettings.syncedTables(manifest).stream().map(t -> Schemas.synced(manifest, t.name())).toList();
      for (SyncedTable t : synced) {
        String recordId = t.primaryKey().size() == 1 ? "1" : "[1,1]";
        assertEquals(0, run(db, SyncQueries.update(t), record(t), recordId), "no row yet: " + t.name());
        run(db, SyncQueries.insert(t), record(t), recordId);
        assertEquals(1, count(db, t.name()), t.name());
        assertEquals(1, run(db, SyncQueries.update(t), record(t), recordId), "the same record updates: " + t.name());
        assertEquals(1, count(db, t.name()), t.name());
      }
      List<SyncedTable> childrenFirst = new ArrayList<>(synced);
      java.util.Collections.reverse(childrenFirst);
      for (SyncedTable t : childrenFirst) {
        String recordId = t.primaryKey().size() == 1 ? "1" : "[1,1]";
        run(db, SyncQueries.deleteRecord(t), recordId, null);
        assertEquals(0, count(db, t.name()), t.name());
      }
      db.execute(SyncQueries.END_REMOTE);
      assertEquals(0, count(db, "sync_outbox"), "nothing applied from the server is queued");
    }
  }

  /** The demo's partial-sync statements run on its schema: a local edit, then a server delta merged by the table's rule. */
  @Test
  void theDemosPartialSyncStatementsRunOnItsSchema() throws Exception {
    SyncedTable notes = Schemas.synced(manifest, "notes");
    try (SqliteSandbox db = SqliteSandbox.with(Schemas.freshInstall(manifest))) {
      db.execute("INSERT INTO notes (title, body, pinned) VALUES ('t', 'b', 0)");
      db.execute("DELETE FROM sync_outbox");
      db.execute("UPDATE notes SET title = 'mine', pinned = 1 WHERE id = 1");
      String delta = "{\"title\": \"theirs\", \"body\": \"theirs\", \"pinned\": false}";
      db.execute(SyncQueries.BEGIN_REMOTE);
      String id = one(db, "SELECT sync_id FROM notes WHERE id = 1");
      run(db, SyncQueries.dropLocalFields(notes, PartialResolution.MERGE, java.util.Set.of("pinned")), delta, id);
      assertEquals(1, run(db, SyncQueries.applyDelta(notes, PartialResolution.MERGE, java.util.Set.of("pinned")), delta, id));
      db.execute(SyncQueries.END_REMOTE);
      try (ResultSet rs = db.connection().createStatement().executeQuery("SELECT title, body, pinned, dirty_fields FROM notes")) {
        assertTrue(rs.next());
        assertEquals("mine", rs.getString(1), "title changed on both sides: kept (clientWins field)");
        assertEquals("theirs", rs.getString(2));
        assertEquals(0, rs.getInt(3), "pinned is a serverWins field");
        assertFalse(rs.getString(4).contains("pinned"), rs.getString(4));
      }
      try (ResultSet rs = db.connection().createStatement().executeQuery("SELECT payload FROM sync_outbox")) {
        assertTrue(rs.next());
        assertFalse(rs.getString(1).contains("pinned"), "the server's field left the local delta: " + rs.getString(1));
      }
      db.execute("DELETE FROM sync_outbox");
      db.execute(SyncQueries.BEGIN_REMOTE);
      run(db, SyncQueries.clearDirty(notes), id, null);
      db.execute(SyncQueries.END_REMOTE);
      assertEquals(0, count(db, "notes WHERE dirty_fields <> '[]'"));
    }
  }

  @Test
  void enablingSyncTwiceExtendsTheSetAndChangesNothingTheSecondTime() throws Exception {
    TestEnv env = new TestEnv();
    Path root = twoTables(env);
    env.call("drift_enable_sync", "{\"projectId\": \"p\", \"tables\": [\"authors\"]}");
    Manifest one = ManifestFiles.manifest(root);
    assertEquals(List.of("authors"), SyncSettings.syncedTables(one).stream().map(Table::name).toList());
    env.call("drift_enable_sync", "{\"projectId\": \"p\", \"tables\": [\"authors\", \"books\"]}");
    Manifest two = ManifestFiles.manifest(root);
    assertEquals(one.schema().version() + 1, two.schema().version());
    List<String> step = two.schema().history().get(two.schema().history().size() - 1).up();
    // books gains its sync_id, which only a rebuild can add; a rebuild recreates every trigger.
    assertEquals(List.of(), step.stream().filter(s -> !s.startsWith("DROP TRIGGER IF EXISTS ") && !s.startsWith("CREATE TRIGGER ")
        && !s.contains("__new_books") && !s.equals("DROP TABLE \"books\"") && !s.startsWith("INSERT INTO sync_outbox")
        && !s.equals(SyncQueries.FORGET_CURSOR)).toList(), "only the rebuild of books, triggers, and the queueing of its rows");
    assertEquals(1, step.stream().filter(s -> s.startsWith("INSERT INTO sync_outbox")).count());
    assertTrue(step.stream().filter(s -> s.startsWith("INSERT INTO sync_outbox")).allMatch(s -> s.endsWith(" FROM books")), step.toString());
    Map<String, String> files = TestEnv.files(root);
    ChangeSet again = (ChangeSet) env.call("drift_enable_sync", "{\"projectId\": \"p\", \"tables\": [\"books\"]}").structured();
    assertEquals(again.files().size(), again.count(dev.driftsmith.workspace.FileChange.Status.unchanged), again.summary());
    assertEquals(files, TestEnv.files(root));
  }

  /**
   * Syncing a table rebuilds it (its sync_id needs a rebuild), and a rebuild must take down only the
   * triggers and views that name the rebuilt table: recreating every other synced table's triggers
   * too made each step, and so the history and migrations.dart, grow with the number of tables.
   */
  @Test
  void syncingOneMoreTableLeavesTheTriggersOfTablesItDoesNotTouchAlone() throws Exception {
    TestEnv env = new TestEnv();
    Path root = twoTables(env);
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"shelves\", \"columns\": [{\"name\": \"label\", \"type\": \"text\"}], \"timestamps\": true}");
    env.call("drift_enable_sync", "{\"projectId\": \"p\", \"tables\": [\"authors\", \"books\"]}");
    env.call("drift_enable_sync", "{\"projectId\": \"p\", \"tables\": [\"shelves\"]}");
    Manifest m = ManifestFiles.manifest(root);
    List<String> step = m.schema().history().get(m.schema().history().size() - 1).up();
    List<String> others = step.stream().filter(s -> s.contains("authors") || s.contains("books")).toList();
    assertEquals(List.of(), others, "the step that syncs shelves names no object of authors or books");
    assertTrue(step.stream().anyMatch(s -> s.startsWith("CREATE TRIGGER shelves_sync_insert ")), step.toString());
    assertTrue(step.stream().anyMatch(s -> s.startsWith("CREATE TRIGGER shelves_touch_updated_at ")), step.toString());
  }

  @Test
  void aConfigureToolEnablesSyncForEveryTableAndSaysSo() throws Exception {
    TestEnv env = new TestEnv();
    Path root = twoTables(env);
    var result = env.call("drift_configure_retry_policy", "{\"projectId\": \"p\", \"strategy\": \"fibonacciBackoff\", \"maxRetries\": 4}");
    assertTrue(result.summary().contains("Sync was not enabled"), result.summary());
    Manifest m = ManifestFiles.manifest(root);
    assertEquals(List.of("authors", "books"), SyncSettings.syncedTables(m).stream().map(Table::name).toList());
    assertEquals(4, RetryPolicyConfig.of(m).maxRetries());
    String retry = TestEnv.read(root, "lib/data/sync/retry_policy.dart");
    TestEnv.assertContains(retry, "this.strategy = BackoffStrategy.fibonacciBackoff,");
    TestEnv.assertContains(retry, "this.maxRetries = 4,");
  }

  /** A relation added later to a synced table: the FK column joins the payload, and the junction syncs. */
  @Test
  void schemaChangesOnSyncedTablesKeepTheirTriggersCurrent() throws Exception {
    TestEnv env = new TestEnv();
    Path root = twoTables(env);
    env.call("drift_enable_sync", "{\"projectId\": \"p\"}");
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"shelves\", \"columns\": [{\"name\": \"label\", \"type\": \"text\"}]}");
    env.call("drift_enable_sync", "{\"projectId\": \"p\", \"tables\": [\"shelves\"]}");
    env.call("drift_add_relation", "{\"projectId\": \"p\", \"name\": \"shelfBooks\", \"type\": \"oneToMany\", \"fromTable\": \"shelves\", \"fromColumn\": \"id\", \"toTable\": \"books\", \"toColumn\": \"shelfId\"}");
    env.call("drift_add_relation", "{\"projectId\": \"p\", \"name\": \"bookAuthors\", \"type\": \"manyToMany\", \"fromTable\": \"books\", \"fromColumn\": \"id\", \"toTable\": \"authors\", \"toColumn\": \"id\"}");
    Manifest m = ManifestFiles.manifest(root);
    assertTrue(SyncSettings.syncs(m, "books_authors"), "a junction of two synced tables syncs");
    try (SqliteSandbox db = SqliteSandbox.with(dev.driftsmith.schema.Migrations.replay(m.schema(), m.schema().version()))) {
      db.execute("INSERT INTO shelves (label) VALUES ('top')");
      db.execute("INSERT INTO authors (name) VALUES ('Ann')");
      db.execute("INSERT INTO books (title, author_id, shelf_id) VALUES ('B', 1, 1)");
      db.execute("INSERT INTO books_authors (book_id, author_id) VALUES (1, 1)");
      try (ResultSet rs = db.connection().createStatement().executeQuery(
          "SELECT json_extract(payload, '$.shelf_id'), parents FROM sync_outbox WHERE entity = 'books'")) {
        assertTrue(rs.next());
        String shelf = one(db, "SELECT sync_id FROM shelves WHERE id = 1");
        String author = one(db, "SELECT sync_id FROM authors WHERE id = 1");
        assertEquals(shelf, rs.getString(1), "the upgraded trigger includes the new column, as the shelf's record id");
        assertTrue(rs.getString(2).contains("shelves:" + shelf) && rs.getString(2).contains("authors:" + author), rs.getString(2));
      }
      assertEquals(1, count(db, "sync_outbox WHERE entity = 'books_authors'"));
    }
    TestEnv.assertContains(TestEnv.read(root, "lib/data/sync/sync.drift"), "CREATE TRIGGER books_authors_sync_insert");
  }

  @Test
  void projectsWithoutSyncGetNoSyncFiles() throws Exception {
    TestEnv env = new TestEnv();
    Path root = twoTables(env);
    assertFalse(Files.exists(root.resolve("lib/data/sync")));
    assertFalse(TestEnv.read(root, "pubspec.yaml").contains("connectivity_plus"));
    assertFalse(TestEnv.read(root, "lib/data/database.dart").contains("sync.drift"));
  }

  static Path twoTables(TestEnv env) throws Exception {
    Path root = env.project(Files.createTempDirectory("driftsmith-sync").resolve("p"));
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"authors\", \"columns\": [{\"name\": \"name\", \"type\": \"text\"}], \"timestamps\": true}");
    env.call("drift_add_table", "{\"projectId\": \"p\", \"name\": \"books\", \"columns\": [{\"name\": \"title\", \"type\": \"text\"}, "
        + "{\"name\": \"authorId\", \"type\": \"integer\", \"nullable\": true, \"references\": {\"table\": \"authors\", \"column\": \"id\"}}]}");
    return root;
  }

  /** A full record of {@code t} keyed by column name, with id 1 (and foreign keys pointing at row 1). */
  static String record(SyncedTable t) {
    StringBuilder json = new StringBuilder("{");
    for (Column c : t.allColumns()) {
      if (json.length() > 1) json.append(", ");
      json.append('"').append(c.sqlName()).append("\": ").append(switch (c.type()) {
        case INTEGER -> "1";
        case REAL -> "1.5";
        case BOOLEAN -> "true";
        case BLOB -> "\"CAFE\"";
        case DATE_TIME -> "\"2026-01-01 10:00:00\"";
        default -> "\"" + t.name() + "-" + c.sqlName() + "\"";
      });
    }
    return json.append('}').toString();
  }

  /** Runs {@code sql} with ?1 (and ?2 when given); returns the rows it changed. */
  static int run(SqliteSandbox db, String sql, String first, String second) throws Exception {
    try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
      ps.setString(1, first);
      if (second != null) ps.setString(2, second);
      return ps.executeUpdate();
    }
  }

  static String one(SqliteSandbox db, String sql) throws Exception {
    try (ResultSet rs = db.connection().createStatement().executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  static int count(SqliteSandbox db, String from) throws Exception {
    try (ResultSet rs = db.connection().createStatement().executeQuery("SELECT count(*) FROM " + from)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
