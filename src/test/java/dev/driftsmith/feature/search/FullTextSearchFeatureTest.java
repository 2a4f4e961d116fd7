package dev.driftsmith.feature.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.feature.search.FtsQuery;
import dev.driftsmith.feature.search.FullTextSearchConfig;
import dev.driftsmith.feature.search.SearchSql;
import dev.driftsmith.project.Manifest;
import dev.driftsmith.project.SchemaStep;
import dev.driftsmith.schema.SchemaObject;
import dev.driftsmith.testing.DartStrings;
import dev.driftsmith.testing.MigrationsDart;
import dev.driftsmith.testing.Schemas;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.ManifestFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files drift_enable_full_text_search writes, and the sanitiser they share with our SQLite tests. */
class FullTextSearchFeatureTest {
  @TempDir
  Path dir;
  TestEnv env;
  Path root;
  Manifest manifest;

  @BeforeEach
  void project() throws Exception {
    env = new TestEnv();
    root = env.project(dir.resolve("p"));
    env.call("drift_add_table", """
        {"projectId": "p", "name": "notes", "timestamps": true, "softDelete": true, "columns": [
          {"name": "title", "type": "text"}, {"name": "body", "type": "text", "nullable": true}]}""");
    env.call("drift_add_table", """
        {"projectId": "p", "name": "todo_items", "columns": [{"name": "label", "type": "text"}, {"name": "done", "type": "boolean"}]}""");
    env.call("drift_enable_full_text_search", """
        {"projectId": "p", "tables": [{"tableName": "todo_items", "searchableColumns": ["label"]},
          {"tableName": "notes", "searchableColumns": ["body", "title"]}], "language": "english", "enableHighlight": true}""");
    manifest = ManifestFiles.manifest(root);
  }

  @Test
  void sanitiserQuotesEveryWordAndPrefixesTheLast() {
    assertEquals("\"hello\" \"world\"*", FtsQuery.toFtsQuery("hello world"));
    assertEquals("\"hello\" \"world\"", FtsQuery.toFtsQuery("  hello \t world\n", false));
    assertEquals("\"say\" \"\"\"hi\"\"\"*", FtsQuery.toFtsQuery("say \"hi\""));
    assertEquals("\"a\" \"OR\" \"b\"*", FtsQuery.toFtsQuery("a OR b"));
    assertEquals("\"NEAR(a\" \"b)\"*", FtsQuery.toFtsQuery("NEAR(a b)"));
    assertEquals("\"-foo\" \"title:bar\"*", FtsQuery.toFtsQuery("-foo title:bar"));
    assertEquals("\"foo\"*", FtsQuery.toFtsQuery("foo * - ( ) \" '"), "words without a letter or digit are dropped");
    assertEquals("\"日本語\"*", FtsQuery.toFtsQuery("日本語"));
    assertEquals("\"a\" \"b\"*", FtsQuery.toFtsQuery("a\u0000b"), "NUL separates words");
    assertEquals("\"a\" \"b\"*", FtsQuery.toFtsQuery("a\u00A0\u3000b"));
    for (String nothing : new String[] {"", " ", "\t\n", "*", "\"", "()", "- * ^", "😀", "\u0000"}) {
      assertNull(FtsQuery.toFtsQuery(nothing), nothing);
    }
    assertEquals("{title} : (\"x\"*)", FtsQuery.inColumn("\"x\"*", "title"));
  }

  /** The Dart sanitiser, reviewed once and pinned: same steps as FtsQuery.toFtsQuery, same two patterns. */
  @Test
  void dartSanitiserIsTheReviewedOne() {
    String dart = TestEnv.read(root, "lib/data/search/fts_query.dart");
    TestEnv.assertContains(dart, """
        final RegExp _separators = RegExp(%s, unicode: true);
        """.formatted(dev.driftsmith.render.DartCode.string(FtsQuery.SEPARATORS)));
    TestEnv.assertContains(dart, """
        final RegExp _tokenCharacter = RegExp(%s, unicode: true);
        """.formatted(dev.driftsmith.render.DartCode.string(FtsQuery.TOKEN_CHARACTER)));
    TestEnv.assertContains(dart, """
        const String _quote = '"';
        const String _doubledQuote = '""';
        """);
    TestEnv.assertContains(dart, """
        String? toFtsQuery(String input, {bool prefixLast = true}) {
          final phrases = <String>[
            for (final word in input.split(_separators))
              if (_tokenCharacter.hasMatch(word)) '"${word.replaceAll(_quote, _doubledQuote)}"',
          ];
          if (phrases.isEmpty) return null;
          if (prefixLast) phrases[phrases.length - 1] = '${phrases.last}*';
          return phrases.join(' ');
        }
        """);
    TestEnv.assertContains(dart, "String ftsColumnFilter(String match, String sqlColumn) => '{$sqlColumn} : ($match)';");
    List<String> strings = DartStrings.in(dart);
    assertTrue(strings.contains(FtsQuery.SEPARATORS) && strings.contains(FtsQuery.TOKEN_CHARACTER), strings.toString());
  }

  /** search.drift declares exactly the schema objects (the SQL fresh installs and our tests run). */
  @Test
  void searchDriftDeclaresTheSchemaObjects() {
    String drift = TestEnv.read(root, "lib/data/search/search.drift");
    List<SchemaObject> objects = searchObjects(manifest);
    assertEquals(8, objects.size());
    int at = 0;
    for (SchemaObject o : objects) {
      assertEquals(SearchSql.DRIFT_FILE, o.driftFile());
      int found = drift.indexOf(o.sql() + ";\n", at);
      assertTrue(found >= at, () -> "missing or out of order in search.drift: " + o.sql());
      at = found;
    }
    TestEnv.assertContains(drift, "import 'package:sample_app/data/tables/notes.dart';\nimport 'package:sample_app/data/tables/todo_items.dart';\n");
    assertEquals(List.of("notes_fts", "notes_fts_ai", "notes_fts_ad", "notes_fts_au",
        "todo_items_fts", "todo_items_fts_ai", "todo_items_fts_ad", "todo_items_fts_au"), objects.stream().map(SchemaObject::name).toList());
    TestEnv.assertContains(objects.get(0).sql(), "fts5(body, title, content='notes', content_rowid='id', tokenize='porter unicode61')");
    String database = TestEnv.read(root, "lib/data/database.dart");
    TestEnv.assertContains(database, "include: { 'schema.drift', 'search/search.drift' },");
    MigrationsDart migrations = MigrationsDart.read(root);
    SchemaStep step = manifest.schema().history().get(manifest.schema().history().size() - 1);
    assertEquals(step.up(), migrations.upgrades().get(step.version()), "migrations.dart upgrades with the step's SQL");
    assertEquals(step.down(), migrations.downgrades().get(step.version()));
  }

  /** Each search class runs the query our SQLite tests run, on the getters drift generates. */
  @Test
  void searchClassesCarryTheTestedQueries() {
    String dart = TestEnv.read(root, "lib/data/search/full_text_search.dart");
    List<String> strings = DartStrings.in(dart);
    var search = FullTextSearchConfig.of(manifest).orElseThrow();
    assertEquals(List.of("notes", "todo_items"), search.tables().stream().map(FullTextSearchConfig.SearchTable::tableName).toList(),
        "stored in schema order");
    for (var s : search.resolve(manifest)) {
      assertTrue(strings.contains(SearchSql.search(s.table(), s.columns(), true)), s.table().name());
    }
    for (String expected : List.of("class NotesSearch {", "class TodoItemsSearch {",
        "Future<List<SearchHit<Note>>> search(String query, {int limit = 20, int offset = 0, String? column}) async {",
        "Stream<List<SearchHit<TodoItem>>> watch(String query, {int limit = 20, int offset = 0, String? column}) {",
        "final table = _db.notes;", "final index = _db.notesFts;", "final table = _db.todoItems;", "final index = _db.todoItemsFts;",
        "readsFrom: {table, index},", "row: table.map(row.data),", "score: row.read<double>('_fts_score'),",
        "snippet: row.readNullable<String>('_fts_snippet'),", "final value = row.readNullable<String>('_fts_highlight_$index');",
        "static const Map<String, String> columns = {\n    'body': 'body',\n    'title': 'title',\n  };",
        "Variable.withString(match),", "Variable.withString(markStart),", "if (match == null) return null;",
        "import 'package:sample_app/data/search/fts_query.dart';")) {
      TestEnv.assertContains(dart, expected);
    }
    assertFalse(dart.contains("dynamic"), "no dynamic");
    assertFalse(dart.contains(" + query") || dart.contains("$query"), "user input never goes into SQL text");
  }

  @Test
  void withoutHighlightTheQueryAndClassesAreLeaner() throws Exception {
    env.call("drift_enable_full_text_search", """
        {"projectId": "p", "tables": [{"tableName": "notes", "searchableColumns": ["title"]}], "language": "unicode61", "enableHighlight": false}""");
    Manifest m = ManifestFiles.manifest(root);
    String dart = TestEnv.read(root, "lib/data/search/full_text_search.dart");
    var s = FullTextSearchConfig.of(m).orElseThrow().resolve(m).get(0);
    String sql = SearchSql.search(s.table(), s.columns(), false);
    assertFalse(sql.contains("highlight(") || sql.contains("?4"), sql);
    assertTrue(DartStrings.in(dart).contains(sql));
    for (String absent : List.of("markStart", "_highlights", "snippet:", "class TodoItemsSearch")) {
      assertFalse(dart.contains(absent), absent);
    }
    TestEnv.assertContains(dart, "NotesSearch(this._db);");
    TestEnv.assertContains(dart, "words match as written (unicode61, no stemming)");
    assertFalse(TestEnv.read(root, "lib/data/search/fts_query.dart").contains("[highlights]"));
  }

  @Test
  void generatedFilesMatchTheManifest() {
    Map<String, String> files = TestEnv.files(root);
    for (String f : List.of("lib/data/search/search.drift", "lib/data/search/fts_query.dart", "lib/data/search/full_text_search.dart")) {
      assertTrue(files.containsKey(f), f);
    }
    String check = env.call("project_check", "{\"projectId\": \"p\"}").summary();
    assertFalse(check.contains("lib/data/search"), check);
    TestEnv.assertContains(TestEnv.read(root, "build.yaml"), "- fts5");
  }

  /** The objects of the search feature in {@code m}'s database, in creation order. */
  static List<SchemaObject> searchObjects(Manifest m) {
    return Schemas.of(m).objects().stream().filter(o -> SearchSql.DRIFT_FILE.equals(o.driftFile())).toList();
  }
}
