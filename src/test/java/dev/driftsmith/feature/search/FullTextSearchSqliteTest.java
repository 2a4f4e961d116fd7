package dev.driftsmith.feature.search;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.feature.search.FtsQuery;
import dev.driftsmith.feature.search.FullTextSearchConfig;
import dev.driftsmith.feature.search.SearchSql;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.schema.Migrations;
import dev.driftsmith.schema.SchemaObject;
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
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Full-text search on real SQLite: the schema objects and steps the tool records, and the exact
 * search query and sanitiser ({@link FtsQuery}, the twin of the generated {@code toFtsQuery}) that
 * the generated Dart runs.
 */
class FullTextSearchSqliteTest {
  @TempDir
  Path dir;
  TestEnv env;
  Path root;

  @BeforeEach
  void project() {
    env = new TestEnv();
    root = env.project(dir.resolve("p"));
    env.call("drift_add_table", """
        {"projectId": "p", "name": "categories", "columns": [{"name": "name", "type": "text"}]}""");
    env.call("drift_add_table", """
        {"projectId": "p", "name": "notes", "timestamps": true, "softDelete": true, "columns": [
          {"name": "title", "type": "text"},
          {"name": "body", "type": "text", "nullable": true},
          {"name": "pinned", "type": "boolean", "defaultValue": false},
          {"name": "categoryId", "type": "integer", "nullable": true}]}""");
  }

  Manifest enable(String language, boolean highlight) {
    env.call("drift_enable_full_text_search", """
        {"projectId": "p", "tables": [{"tableName": "notes", "searchableColumns": ["title", "body"]}],
         "language": "%s", "enableHighlight": %s}""".formatted(language, highlight));
    return manifest();
  }

  Manifest manifest() {
    try {
      return ManifestFiles.manifest(root);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static SqliteSandbox fresh(Manifest m) throws Exception {
    return SqliteSandbox.with(Schemas.freshInstall(m));
  }

  /** One result of the search query, as the generated search class reads it. */
  record Hit(long id, double score, List<String> highlights, String snippet) {}

  /** Runs the search query of {@code table} (as generated) with {@code input} through the sanitiser. */
  static List<Hit> search(SqliteSandbox db, Manifest m, String table, String input, String column) throws Exception {
    var search = FullTextSearchConfig.of(m).orElseThrow();
    var searched = search.resolve(m).stream().filter(s -> s.table().name().equals(table)).findFirst().orElseThrow();
    String match = FtsQuery.toFtsQuery(input);
    if (match == null) return List.of();
    if (column != null) match = FtsQuery.inColumn(match, searched.table().column(column).orElseThrow().sqlName());
    String sql = SearchSql.search(searched.table(), searched.columns(), search.enableHighlight());
    List<Hit> hits = new ArrayList<>();
    try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
      ps.setString(1, match);
      ps.setInt(2, 20);
      ps.setInt(3, 0);
      if (search.enableHighlight()) {
        ps.setString(4, "<mark>");
        ps.setString(5, "</mark>");
        ps.setString(6, "…");
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<String> highlights = new ArrayList<>();
          String snippet = null;
          if (search.enableHighlight()) {
            for (int i = 0; i < searched.columns().size(); i++) highlights.add(rs.getString(SearchSql.highlightColumn(i)));
            snippet = rs.getString(SearchSql.SNIPPET);
          }
          hits.add(new Hit(rs.getLong(SearchSql.key(searched.table()).sqlName()), rs.getDouble(SearchSql.SCORE), highlights, snippet));
        }
      }
    }
    return hits;
  }

  static List<Long> ids(SqliteSandbox db, Manifest m, String input) throws Exception {
    return search(db, m, "notes", input, null).stream().map(Hit::id).toList();
  }

  static void note(SqliteSandbox db, String title, String body) throws Exception {
    try (PreparedStatement ps = db.connection().prepareStatement("INSERT INTO notes (title, body) VALUES (?, ?)")) {
      ps.setString(1, title);
      ps.setString(2, body);
      ps.executeUpdate();
    }
  }

  @Test
  void insertedRowsAreSearchableAtOnce() throws Exception {
    Manifest m = enable("english", false);
    try (SqliteSandbox db = fresh(m)) {
      note(db, "Shopping list", "milk, eggs and bread");
      note(db, "Meeting notes", "quarterly planning with the drift team");
      assertEquals(List.of(2L), ids(db, m, "drift"));
      assertEquals(List.of(1L), ids(db, m, "EGGS"));
      assertEquals(List.of(2L), ids(db, m, "plan"), "prefix search on the last word, stemmed");
      assertEquals(List.of(), ids(db, m, "pizza"));
    }
  }

  @Test
  void updatedTextIsFoundByItsNewWordsOnly() throws Exception {
    Manifest m = enable("english", false);
    try (SqliteSandbox db = fresh(m)) {
      note(db, "Draft", "about apples");
      db.execute("UPDATE notes SET body = 'about oranges' WHERE id = 1");
      assertEquals(List.of(1L), ids(db, m, "oranges"));
      assertEquals(List.of(), ids(db, m, "apples"));
      // Writes to other columns (and the updated_at touch trigger) leave the index as it was.
      db.execute("UPDATE notes SET pinned = 1 WHERE id = 1");
      assertEquals(List.of(1L), ids(db, m, "oranges"));
      db.execute("UPDATE notes SET id = 7 WHERE id = 1");
      assertEquals(List.of(7L), ids(db, m, "draft"), "a changed key moves the index entry");
      assertIntegrity(db, "notes_fts");
    }
  }

  @Test
  void deletedAndSoftDeletedRowsAreNotFound() throws Exception {
    Manifest m = enable("english", false);
    try (SqliteSandbox db = fresh(m)) {
      note(db, "Bananas", null);
      note(db, "Banana bread", "recipe");
      note(db, "Banana split", "dessert");
      db.execute("DELETE FROM notes WHERE id = 1");
      db.execute("UPDATE notes SET deleted_at = CURRENT_TIMESTAMP WHERE id = 3");
      assertEquals(List.of(2L), ids(db, m, "banana"));
      assertEquals(2, count(db, "SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'bananas'"),
          "the deleted row left the index; the soft-deleted one is only filtered");
      assertIntegrity(db, "notes_fts");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"english", "porter", "unicode61"})
  void onlyEnglishAndPorterStem(String language) throws Exception {
    Manifest m = enable(language, false);
    boolean stems = !language.equals("unicode61");
    try (SqliteSandbox db = fresh(m)) {
      note(db, "I run every morning", null);
      note(db, "Running shoes", null);
      assertEquals(List.of(1L, 2L), sorted(ids(db, m, "run")), "'run' prefix-matches 'running' either way");
      assertEquals(stems ? List.of(1L, 2L) : List.of(2L), sorted(ids(db, m, "running")), "'running' finds 'run' only with stemming");
      assertEquals(stems ? List.of(1L, 2L) : List.of(), sorted(ids(db, m, "runs")));
    }
    String expected = stems ? "tokenize='porter unicode61'" : "tokenize='unicode61'";
    TestEnv.assertContains(TestEnv.read(root, "lib/data/search/search.drift"), expected);
  }

  @Test
  void bestMatchesComeFirst() throws Exception {
    Manifest m = enable("english", false);
    try (SqliteSandbox db = fresh(m)) {
      note(db, "Travel", "a long note that mentions sqlite once among very many other words about trips and trains");
      note(db, "SQLite", "sqlite sqlite");
      note(db, "Tips", "sqlite tips");
      List<Hit> hits = search(db, m, "notes", "sqlite", null);
      assertEquals(List.of(2L, 3L, 1L), hits.stream().map(Hit::id).toList());
      for (int i = 1; i < hits.size(); i++) assertTrue(hits.get(i - 1).score() <= hits.get(i).score(), "bm25: lower is better");
      assertEquals(List.of(3L), search(db, m, "notes", "sqlite tip", null).stream().map(Hit::id).toList(), "every word must match");
    }
  }

  @Test
  void highlightsMarkEveryMatchAndSnippetsShowTheBestOne() throws Exception {
    Manifest m = enable("english", true);
    try (SqliteSandbox db = fresh(m)) {
      note(db, "Drift and SQLite", "Drift is a reactive persistence library for Flutter built on top of SQLite, "
          + "with type-safe queries, streams, migrations and full-text search through the fts5 module.");
      note(db, "Untitled", null);
      Hit hit = search(db, m, "notes", "sqlite", null).get(0);
      assertEquals("Drift and <mark>SQLite</mark>", hit.highlights().get(0));
      TestEnv.assertContains(hit.highlights().get(1), "built on top of <mark>SQLite</mark>, with");
      TestEnv.assertContains(hit.snippet(), "<mark>SQLite</mark>");
      assertTrue(hit.snippet().startsWith("…") || hit.snippet().endsWith("…") || hit.snippet().contains("<mark>"), hit.snippet());
      Hit untitled = search(db, m, "notes", "untitled", null).get(0);
      assertEquals("<mark>Untitled</mark>", untitled.highlights().get(0));
      assertNull(untitled.highlights().get(1), "a NULL column has no highlight");
    }
  }

  @Test
  void aColumnFilterSearchesOneColumn() throws Exception {
    Manifest m = enable("english", false);
    try (SqliteSandbox db = fresh(m)) {
      note(db, "Garden", "plant tomatoes");
      note(db, "Tomatoes", "buy seeds");
      assertEquals(List.of(2L), search(db, m, "notes", "tomato", "title").stream().map(Hit::id).toList());
      assertEquals(List.of(1L), search(db, m, "notes", "tomato", "body").stream().map(Hit::id).toList());
      assertEquals(List.of(), search(db, m, "notes", "seeds OR garden", "body").stream().map(Hit::id).toList());
    }
  }

  /** Typed text can neither break the query nor widen it to rows it does not name. */
  @ParameterizedTest
  @ValueSource(strings = {"'", "\"", "\"\"", "\"alpha", "alpha\"", "*", "alpha*", "**", "-alpha", "- alpha", "-", "NEAR(", "NEAR(alpha beta)",
      "alpha OR", "OR", "alpha OR beta", "a OR b", "(", ")", "(alpha", "alpha)", "AND", "alpha AND", "NOT", "NOT alpha", "alpha NOT beta",
      "", " ", "   \t\n ", "\u00A0\u3000", "^alpha", "title:alpha", "{title}: alpha", "title : alpha", "alpha + beta",
      "日本語", "café", "ﾃｽﾄ", "😀", "\u0000", "alpha\u0000beta", "'; DROP TABLE notes; --", "\" OR \"\" = \"", "alpha \"beta\" gamma",
      "\\", "%", "_", "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu"})
  void hostileInputIsHarmless(String input) throws Exception {
    Manifest m = enable("english", true);
    try (SqliteSandbox db = fresh(m)) {
      note(db, "alpha", "first");
      note(db, "beta", "second");
      note(db, "gamma", "third");
      note(db, "delta OR", "AND NOT NEAR");
      note(db, "日本語のノート", "café crème");
      int rows = 5;
      List<Hit> hits = assertDoesNotThrow(() -> search(db, m, "notes", input, null));
      assertTrue(hits.size() < rows, () -> input + " matched every row");
      assertDoesNotThrow(() -> search(db, m, "notes", input, "title"));
      String match = FtsQuery.toFtsQuery(input);
      if (input.isBlank() || !input.codePoints().anyMatch(Character::isLetterOrDigit)) {
        assertNull(match, "nothing to search for: no query at all");
      }
      assertTrue(count(db, "SELECT count(*) FROM notes") == rows, "the table is intact");
    }
  }

  @Test
  void operatorsAreSearchedAsWords() throws Exception {
    Manifest m = enable("unicode61", false);
    try (SqliteSandbox db = fresh(m)) {
      note(db, "alpha", "first");
      note(db, "beta", "second");
      note(db, "gamma or delta", "not near");
      assertEquals(List.of(), ids(db, m, "alpha OR beta"), "OR is a word, not an operator");
      assertEquals(List.of(3L), ids(db, m, "gamma OR"), "and that word is found");
      assertEquals(List.of(1L), ids(db, m, "-alpha"), "- does not exclude");
      assertEquals(List.of(3L), ids(db, m, "NOT NEAR("));
      assertEquals(List.of(1L), ids(db, m, "\"alpha\""));
      assertEquals(List.of(3L), ids(db, m, "dElTa"));
      assertEquals(List.of(3L), ids(db, m, "\"delta gamma\""), "quotes typed by the user make no phrase: words in any order");
    }
  }

  @Test
  void unicodeTextIsFound() throws Exception {
    Manifest m = enable("unicode61", true);
    try (SqliteSandbox db = fresh(m)) {
      note(db, "Crème brûlée", "Straße");
      note(db, "Привет мир", null);
      note(db, "東京 タワー", null);
      assertEquals(List.of(1L), ids(db, m, "creme"), "diacritics are folded");
      assertEquals(List.of(1L), ids(db, m, "brûlée"));
      assertEquals(List.of(2L), ids(db, m, "мир"));
      assertEquals(List.of(3L), ids(db, m, "タワー"));
    }
  }

  @Test
  void existingRowsBecomeSearchableWhenTheStepRuns() throws Exception {
    Manifest before = manifest();
    Manifest m = enable("english", true);
    SchemaStep step = m.schema().history().get(m.schema().history().size() - 1);
    assertEquals(before.schema().version() + 1, step.version());
    assertEquals(SearchSql.rebuild("notes_fts"), step.up().get(step.up().size() - 1));
    assertTrue(Schemas.freshInstall(m).stream().noneMatch(s -> s.contains("'rebuild'")), "fresh installs have nothing to index");
    try (SqliteSandbox db = SqliteSandbox.with(Migrations.replay(m.schema(), before.schema().version()))) {
      note(db, "Written before search existed", "old row");
      db.executeAll(step.up());
      assertEquals(List.of(1L), ids(db, m, "existed"));
      note(db, "Written after", "new row");
      assertEquals(List.of(1L, 2L), sorted(ids(db, m, "row")));
      assertIntegrity(db, "notes_fts");
      assertEquals(fresh(m).snapshot(), db.snapshot(), "upgraded == fresh install");
    }
  }

  @Test
  void aStepIsRecordedAndUpgradesMatchFreshInstalls() throws Exception {
    int version = manifest().schema().version();
    Manifest m = enable("porter", true);
    assertEquals(version + 1, m.schema().version());
    assertEquals(4, searchObjects(m).size());
    assertEquals(List.of("notes_fts", "notes_fts_ai", "notes_fts_ad", "notes_fts_au"),
        searchObjects(m).stream().map(o -> o.name()).toList());
    assertDoesNotThrow(() -> Schemas.steps().verify(m));
    try (SqliteSandbox a = fresh(m); SqliteSandbox b = SqliteSandbox.with(Migrations.replay(m.schema(), m.schema().version()))) {
      assertEquals(a.snapshot(), b.snapshot());
      assertTrue(a.snapshot().containsKey("trigger notes_fts_au"));
    }
  }

  @Test
  void theSameCallTwiceChangesNothing() {
    Manifest first = enable("english", true);
    Map<String, String> files = TestEnv.files(root);
    String summary = env.call("drift_enable_full_text_search", """
        {"projectId": "p", "tables": [{"tableName": "notes", "searchableColumns": ["title", "body"]}],
         "language": "english", "enableHighlight": true}""").summary();
    assertEquals(files, TestEnv.files(root));
    assertEquals(first.schema().version(), manifest().schema().version());
    TestEnv.assertContains(summary, "0 created, 0 updated");
  }

  @Test
  void anotherConfigurationReplacesTheIndexInANewStep() throws Exception {
    Manifest english = enable("english", true);
    Manifest plain;
    try (SqliteSandbox db = SqliteSandbox.with(Migrations.replay(english.schema(), english.schema().version()))) {
      note(db, "Running late", "the bus");
      plain = enable("unicode61", false);
      SchemaStep step = plain.schema().history().get(plain.schema().history().size() - 1);
      assertEquals(english.schema().version() + 1, step.version());
      assertEquals(List.of("DROP TRIGGER IF EXISTS notes_fts_ai", "DROP TRIGGER IF EXISTS notes_fts_ad",
          "DROP TRIGGER IF EXISTS notes_fts_au", "DROP TABLE IF EXISTS notes_fts"), step.up().subList(0, 4));
      TestEnv.assertContains(step.up().get(4), "tokenize='unicode61'");
      assertEquals(SearchSql.rebuild("notes_fts"), step.up().get(step.up().size() - 1));
      db.executeAll(step.up());
      assertEquals(List.of(1L), ids(db, plain, "running"), "the old row is in the new index");
      assertEquals(List.of(), ids(db, plain, "run bus"), "and no longer stemmed");
      assertIntegrity(db, "notes_fts");
      assertEquals(fresh(plain).snapshot(), db.snapshot());
      assertNotEquals(fresh(english).snapshot(), db.snapshot(), "snapshots tell tokenizers apart");
      // Down restores the previous index, rows included.
      db.executeAll(step.down());
      assertEquals(fresh(english).snapshot(), db.snapshot());
      assertEquals(List.of(1L), ids(db, english, "run bus"));
    }
    // Highlighting alone is Dart, not schema: no step.
    Manifest highlighted = enable("unicode61", true);
    assertEquals(plain.schema().version(), highlighted.schema().version());
    assertEquals(searchObjects(plain), searchObjects(highlighted));
    // english and porter are the same index.
    assertEquals(searchObjects(english), searchObjects(enable("porter", true)));
  }

  @Test
  void tablesLeftOutLoseTheirIndexAndOthersAreUntouched() throws Exception {
    env.call("drift_enable_full_text_search", """
        {"projectId": "p", "tables": [{"tableName": "notes", "searchableColumns": ["title"]},
          {"tableName": "categories", "searchableColumns": ["name"]}], "language": "english", "enableHighlight": false}""");
    Manifest both = manifest();
    assertEquals(8, searchObjects(both).size());
    env.call("drift_enable_full_text_search", """
        {"projectId": "p", "tables": [{"tableName": "categories", "searchableColumns": ["name"]}], "language": "english", "enableHighlight": false}""");
    Manifest one = manifest();
    SchemaStep step = one.schema().history().get(one.schema().history().size() - 1);
    assertTrue(step.up().stream().allMatch(s -> s.startsWith("DROP") && s.contains("notes_fts")), step.up().toString());
    assertEquals(List.of("categories_fts", "categories_fts_ai", "categories_fts_ad", "categories_fts_au"),
        searchObjects(one).stream().map(o -> o.name()).toList());
    TestEnv.assertContains(TestEnv.read(root, "lib/data/search/full_text_search.dart"), "class CategoriesSearch");
    assertTrue(!TestEnv.read(root, "lib/data/search/full_text_search.dart").contains("class NotesSearch"));
    try (SqliteSandbox db = SqliteSandbox.with(Migrations.replay(one.schema(), one.schema().version()))) {
      assertEquals(fresh(one).snapshot(), db.snapshot());
    }
  }

  /** drift_add_relation on an existing column rebuilds the table: the triggers come back and the index still fits. */
  @Test
  void aRelationAddedLaterKeepsSearchWorking() throws Exception {
    Manifest m = enable("english", true);
    try (SqliteSandbox db = SqliteSandbox.with(Migrations.replay(m.schema(), m.schema().version()))) {
      note(db, "Before the relation", "kept");
      env.call("drift_add_relation", """
          {"projectId": "p", "name": "categoryNotes", "type": "oneToMany", "fromTable": "categories", "fromColumn": "id",
           "toTable": "notes", "toColumn": "categoryId"}""");
      Manifest after = manifest();
      SchemaStep step = after.schema().history().get(after.schema().history().size() - 1);
      assertTrue(step.up().contains("DROP TABLE \"notes\""), "the relation rebuilt the table: " + step.up());
      assertTrue(step.up().containsAll(Schemas.of(after).objectsOn("notes").stream().map(o -> o.sql()).toList()));
      assertDoesNotThrow(() -> Schemas.steps().verify(after));
      db.executeAll(step.up());
      assertEquals(fresh(after).snapshot(), db.snapshot());
      assertEquals(List.of(1L), ids(db, after, "relation"));
      note(db, "After the relation", "new");
      db.execute("UPDATE notes SET title = 'Renamed relation' WHERE id = 1");
      assertEquals(List.of(1L, 2L), sorted(ids(db, after, "relation")));
      assertEquals(List.of(1L), ids(db, after, "renamed"));
      assertIntegrity(db, "notes_fts");
    }
  }

  @Test
  void aColumnAddedLaterLeavesTheIndexAlone() throws Exception {
    Manifest m = enable("english", false);
    env.call("drift_add_relation", """
        {"projectId": "p", "name": "categoryNotes", "type": "oneToMany", "fromTable": "categories", "fromColumn": "id",
         "toTable": "notes", "toColumn": "mainCategoryId"}""");
    Manifest after = manifest();
    try (SqliteSandbox db = SqliteSandbox.with(Migrations.replay(after.schema(), after.schema().version()))) {
      note(db, "Still searchable", null);
      assertEquals(List.of(1L), ids(db, after, "searchable"));
      assertEquals(fresh(after).snapshot(), db.snapshot());
    }
    assertEquals(searchObjects(m), searchObjects(after));
  }

  @Test
  void anyIntegerPrimaryKeyIsTheRowid() throws Exception {
    env.call("drift_add_table", """
        {"projectId": "p", "name": "articles", "columns": [
          {"name": "articleNo", "type": "integer", "primaryKey": true}, {"name": "headline", "type": "text"}]}""");
    env.call("drift_enable_full_text_search", """
        {"projectId": "p", "tables": [{"tableName": "articles", "searchableColumns": ["headline"]}], "language": "porter", "enableHighlight": false}""");
    Manifest m = manifest();
    TestEnv.assertContains(searchObjects(m).get(0).sql(), "content_rowid='article_no'");
    try (SqliteSandbox db = fresh(m)) {
      db.execute("INSERT INTO articles (article_no, headline) VALUES (42, 'Flutter weekly')");
      List<Hit> hits = search(db, m, "articles", "flutter", null);
      assertEquals(1, hits.size());
      assertEquals(42L, count(db, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'flutter'"));
    }
  }

  @Test
  void searchAndSyncTriggersLiveSideBySide() throws Exception {
    env.call("drift_enable_sync", "{\"projectId\": \"p\", \"tables\": [\"notes\"]}");
    Manifest m = enable("english", false);
    try (SqliteSandbox db = fresh(m)) {
      note(db, "Synced and searchable", null);
      assertEquals(List.of(1L), ids(db, m, "synced"));
      assertEquals(1L, count(db, "SELECT count(*) FROM sync_outbox"));
    }
  }

  static long count(SqliteSandbox db, String sql) throws Exception {
    try (var st = db.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** FTS5's own check that the index matches the content table. */
  static void assertIntegrity(SqliteSandbox db, String fts) throws Exception {
    db.execute("INSERT INTO " + fts + "(" + fts + ", rank) VALUES ('integrity-check', 1)");
  }

  static List<Long> sorted(List<Long> ids) {
    return ids.stream().sorted().toList();
  }

  /** The objects of the search feature in {@code m}'s database, in creation order. */
  static List<SchemaObject> searchObjects(Manifest m) {
    return Schemas.of(m).objects().stream().filter(o -> SearchSql.DRIFT_FILE.equals(o.driftFile())).toList();
  }
}
