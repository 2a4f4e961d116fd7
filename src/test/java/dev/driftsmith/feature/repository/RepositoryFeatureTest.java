package dev.driftsmith.feature.repository;

import static dev.driftsmith.testing.TestEnv.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.generate.ChangeSet;
import dev.driftsmith.schema.SqlSchema;
import dev.driftsmith.schema.SqliteSandbox;
import dev.driftsmith.testing.DartSyntax;
import dev.driftsmith.testing.Schemas;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.FileChange;
import dev.driftsmith.workspace.ManifestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** drift_generate_repository: the interface holds exactly the requested operations, and every variant parses. */
class RepositoryFeatureTest {
  static final String ITEMS = "lib/data/repositories/items_repository.dart";
  static final String ITEMS_MEMORY = "lib/data/repositories/items_repository_memory.dart";

  /** The methods each operation puts into the interface. */
  static final Map<String, List<String>> METHODS = Map.of(
      "create", List.of("create"),
      "read", List.of("getById", "watchById"),
      "update", List.of("update"),
      "delete", List.of("delete"),
      "list", List.of("list", "watchAll"));

  static final List<String> SUBSETS = List.of("read", "list", "create,list", "update,delete", "delete,read",
      "create", "list,update", "create,read,update,delete,list");

  @TempDir
  Path dir;

  /**
   * items: integer auto-increment key; people: text key, blob, real, dateTime "now", timestamps, a unique
   * index; notes: soft delete and timestamps; codes: integer key without auto-increment.
   */
  static Path fixture(TestEnv env, Path dir) {
    Path root = env.project(dir.resolve("p"));
    env.call("drift_add_table", """
        {"projectId": "p", "name": "items", "columns": [
          {"name": "title", "type": "text"},
          {"name": "rank", "type": "integer", "defaultValue": 0},
          {"name": "code", "type": "text", "nullable": true, "unique": true},
          {"name": "done", "type": "boolean", "defaultValue": false}]}""");
    env.call("drift_add_table", """
        {"projectId": "p", "name": "people", "timestamps": true, "columns": [
          {"name": "uuid", "type": "text", "primaryKey": true},
          {"name": "firstName", "type": "text"},
          {"name": "photo", "type": "blob", "nullable": true},
          {"name": "score", "type": "real", "defaultValue": 0.5},
          {"name": "joinedAt", "type": "dateTime", "defaultValue": "now"}],
         "indexes": [{"name": "people_name_score", "columns": ["firstName", "score"], "unique": true}]}""");
    env.call("drift_add_table", """
        {"projectId": "p", "name": "notes", "timestamps": true, "softDelete": true, "columns": [
          {"name": "title", "type": "text"},
          {"name": "body", "type": "text", "nullable": true}]}""");
    env.call("drift_add_table", """
        {"projectId": "p", "name": "codes", "columns": [
          {"name": "code", "type": "integer", "primaryKey": true},
          {"name": "label", "type": "text", "unique": true}]}""");
    return root;
  }

  static String call(String table, String operations, boolean cache, Integer ttl) {
    StringBuilder json = new StringBuilder("{\"projectId\": \"p\", \"tableName\": \"" + table + "\", \"operations\": [");
    List<String> quoted = new ArrayList<>();
    for (String op : operations.split(",")) quoted.add("\"" + op + "\"");
    json.append(String.join(", ", quoted)).append("], \"includeCache\": ").append(cache);
    if (ttl != null) json.append(", \"cacheTTL\": ").append(ttl);
    return json.append('}').toString();
  }

  static Set<String> expectedMethods(String operations) {
    Set<String> out = new TreeSet<>();
    for (String op : operations.split(",")) out.addAll(METHODS.get(op));
    return out;
  }

  /** The body of {@code class name ... {} } in {@code source}, up to the class's closing brace at column 0. */
  static String classBody(String source, String header) {
    int start = source.indexOf(header);
    assertTrue(start >= 0, () -> "no <" + header + "> in:\n" + source);
    int open = source.indexOf("{\n", start);
    int close = source.indexOf("\n}\n", open);
    return source.substring(open + 2, close + 1);
  }

  /** The member declarations of the abstract class: every non-comment line ending in ");". */
  static List<String> interfaceSignatures(String source, String name) {
    List<String> out = new ArrayList<>();
    for (String line : classBody(source, "abstract class " + name + " ").split("\n")) {
      String s = line.strip();
      if (s.isEmpty() || s.startsWith("//")) continue;
      assertTrue(s.endsWith(");"), () -> "not an abstract method declaration in " + name + ": " + s);
      out.add(s);
    }
    return out;
  }

  static final Pattern METHOD_NAME = Pattern.compile("(\\w+)(<\\w+>)?\\(");

  static Set<String> names(List<String> signatures) {
    Set<String> out = new TreeSet<>();
    for (String s : signatures) {
      Matcher m = METHOD_NAME.matcher(s.substring(s.lastIndexOf(' ', s.indexOf('(')) + 1));
      assertTrue(m.lookingAt(), s);
      out.add(m.group(1));
    }
    return out;
  }

  /** Names of the members marked {@code @override} in a class. */
  static Set<String> overrides(String source, String header) {
    Set<String> out = new TreeSet<>();
    String[] lines = classBody(source, header).split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (!lines[i].strip().equals("@override")) continue;
      int j = i + 1;
      while (lines[j].strip().startsWith("//")) j++;
      String decl = lines[j].strip();
      out.addAll(names(List.of(decl.substring(0, decl.indexOf('(') + 1))));
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"read", "create,list", "update,delete", "list,create,delete,update,read"})
  void theInterfaceHoldsExactlyTheRequestedOperations(String operations) {
    TestEnv env = new TestEnv();
    Path root = fixture(env, dir);
    env.call("drift_generate_repository", call("items", operations, false, null));
    String source = TestEnv.read(root, ITEMS);
    Set<String> expected = expectedMethods(operations);
    assertEquals(expected, names(interfaceSignatures(source, "ItemsRepository")));
    assertEquals(expected, overrides(source, "class DriftItemsRepository implements ItemsRepository"));
    assertEquals(expected, overrides(TestEnv.read(root, ITEMS_MEMORY), "class InMemoryItemsRepository implements ItemsRepository"));
  }

  /** Golden-style: the exact declarations for three subsets on three kinds of table. */
  @Test
  void interfaceDeclarationsAreExactlyThese() {
    TestEnv env = new TestEnv();
    Path root = fixture(env, dir);
    env.call("drift_generate_repository", call("items", "read", false, null));
    assertEquals(List.of("Future<Item?> getById(int id);", "Stream<Item?> watchById(int id);"),
        interfaceSignatures(TestEnv.read(root, ITEMS), "ItemsRepository"));

    env.call("drift_generate_repository", call("people", "list,create", true, null));
    assertEquals(List.of("Future<List<PeopleData>> list();", "Stream<List<PeopleData>> watchAll();",
            "Future<String> create(PeopleCompanion entry);"),
        interfaceSignatures(TestEnv.read(root, "lib/data/repositories/people_repository.dart"), "PeopleRepository"));

    env.call("drift_generate_repository", call("notes", "delete,update,list,read,create", true, 60));
    assertEquals(List.of("Future<Note?> getById(int id);", "Stream<Note?> watchById(int id);",
            "Future<List<Note>> list();", "Stream<List<Note>> watchAll();",
            "Future<int> create(NotesCompanion entry);", "Future<bool> update(int id, NotesCompanion changes);",
            "Future<bool> delete(int id);"),
        interfaceSignatures(TestEnv.read(root, "lib/data/repositories/notes_repository.dart"), "NotesRepository"));
  }

  /**
   * Gate 1 for every variant: each subset, with and without cache, on the three kinds of table; every
   * generated Dart file parses, each implementation overrides exactly the interface, and no import is unused.
   */
  @ParameterizedTest
  @ValueSource(strings = {"items", "people", "notes", "codes"})
  void everyVariantParses(String table) throws IOException {
    TestEnv env = new TestEnv();
    Path root = fixture(env, dir);
    String cls = Character.toUpperCase(table.charAt(0)) + table.substring(1);
    List<String> failures = new ArrayList<>();
    int variants = 0;
    for (boolean cache : List.of(false, true)) {
      for (String operations : SUBSETS) {
        env.call("drift_generate_repository", call(table, operations, cache, cache ? 45 : null));
        variants++;
        String label = table + " [" + operations + "]" + (cache ? " cached" : "");
        Map<String, String> files = TestEnv.files(root);
        for (var e : files.entrySet()) {
          if (!e.getKey().endsWith(".dart")) continue;
          for (String problem : DartSyntax.problems(e.getValue())) failures.add(label + " " + e.getKey() + ": " + problem);
          if (e.getKey().contains("/repositories/")) failures.addAll(unusedImports(label + " " + e.getKey(), e.getValue()));
          for (String hit : bannedPatterns(e.getKey(), e.getValue())) failures.add(label + " " + e.getKey() + ": " + hit);
        }
        String repo = files.get("lib/data/repositories/" + table + "_repository.dart");
        String memory = files.get("lib/data/repositories/" + table + "_repository_memory.dart");
        Set<String> expected = expectedMethods(operations);
        assertEquals(expected, names(interfaceSignatures(repo, cls + "Repository")), label);
        assertEquals(expected, overrides(repo, "class Drift" + cls + "Repository implements"), label);
        assertEquals(expected, overrides(memory, "class InMemory" + cls + "Repository implements"), label);
        boolean cached = cache && (expected.contains("getById") || expected.contains("list"));
        assertEquals(cached, repo.contains("TableUpdateQuery.onTable(_dao." + table + ")"), label);
        assertEquals(cached, repo.contains("const Duration(seconds: 45)"), label);
        assertFalse(repo.contains("{{") || memory.contains("{{"), label + ": Handlebars left in the output");
      }
    }
    assertEquals(2 * SUBSETS.size(), variants);
    assertEquals(List.of(), failures);
  }

  /** An import whose names the file never uses is an analyzer warning: the templates import only what they use. */
  static List<String> unusedImports(String label, String source) {
    Map<String, String> uses = Map.of(
        "import 'dart:async';", "StreamSubscription|StreamController",
        "import 'package:drift/drift.dart';", "TableUpdate|Value\\(|Value<|InvalidDataException|\\.equals\\(");
    List<String> out = new ArrayList<>();
    for (var e : uses.entrySet()) {
      boolean imported = source.contains(e.getKey());
      String body = source.replace(e.getKey(), "");
      boolean used = Pattern.compile(e.getValue()).matcher(body.replaceAll("(?m)^\\s*///.*$", "")).find();
      if (imported != used) out.add(label + ": " + e.getKey() + (imported ? " is unused" : " is missing"));
    }
    return out;
  }

  /** The rules of src/test/resources/banned-patterns.txt (BannedPatternsTest checks the demo with them). */
  static List<String> bannedPatterns(String path, String source) throws IOException {
    List<String> hits = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("src/test/resources/banned-patterns.txt"), StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) continue;
      String[] parts = line.split("\t");
      boolean applies = false;
      for (String glob : List.of(parts[0], parts[0].replace("**/", ""))) {
        applies |= FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(Path.of(path));
      }
      if (applies && Pattern.compile(parts[1], Pattern.MULTILINE).matcher(source).find()) hits.add(parts[2]);
    }
    return hits;
  }

  @Test
  void theCacheIsInvalidatedByOwnWritesAndDriftsTableUpdates() {
    TestEnv env = new TestEnv();
    Path root = fixture(env, dir);
    env.call("drift_generate_repository", call("notes", "create,read,update,delete,list", true, 120));
    String repo = TestEnv.read(root, "lib/data/repositories/notes_repository.dart");
    assertContains(repo, "this.ttl = const Duration(seconds: 120)");
    assertContains(repo, "_subscription = _dao\n        .tableUpdates(TableUpdateQuery.onTable(_dao.notes))\n        .listen((_) => _invalidate());");
    assertContains(repo, "Future<void> dispose() => _subscription.cancel();");
    // Single rows and lists are cached apart; both go on every invalidation.
    assertContains(repo, "final Map<int, _Cached<Note?>> _rows = {};");
    assertContains(repo, "_Cached<List<Note>>? _list;");
    assertContains(repo, "  void _invalidate() {\n    _generation++;\n    _rows.clear();\n    _list = null;\n  }");
    // Each write invalidates, whether it succeeds or throws.
    assertEquals(3, count(repo, "    } finally {\n      _invalidate();\n    }"));
    // Streams pass through to drift.
    assertContains(repo, "Stream<Note?> watchById(int id) => _dao.watchById(id);");
    assertContains(repo, "Stream<List<Note>> watchAll() => _dao.watchAll().map(_byKey);");
    // Soft delete: delete goes through the DAO's soft delete; update skips soft-deleted rows.
    assertContains(repo, "return (await _dao.deleteById(id)) > 0;");
    assertContains(repo, "..where((t) => t.id.equals(id) & t.deletedAt.isNull());");
  }

  @Test
  void theDefaultTtlIs300SecondsAndNoCacheMeansNoSubscription() {
    TestEnv env = new TestEnv();
    Path root = fixture(env, dir);
    env.call("drift_generate_repository", call("items", "read,list", true, null));
    assertContains(TestEnv.read(root, ITEMS), "const Duration(seconds: 300)");
    env.call("drift_generate_repository", call("items", "read,list", false, null));
    String plain = TestEnv.read(root, ITEMS);
    assertFalse(plain.contains("tableUpdates") || plain.contains("_Cached") || plain.contains("dart:async"), plain);
    assertContains(plain, "Future<Item?> getById(int id) => _dao.getById(id);");
    assertContains(plain, "Future<void> dispose() async {}");
  }

  @Test
  void theInMemoryRepositoryBuildsRowsFromCompanionsWithTheColumnDefaults() {
    TestEnv env = new TestEnv();
    Path root = fixture(env, dir);
    env.call("drift_generate_repository", call("items", "create,update,list", false, null));
    String items = TestEnv.read(root, ITEMS_MEMORY);
    assertContains(items, "final key = entry.id.present ? entry.id.value : _nextId();");
    assertContains(items, "      title: _required(entry.title, 'title'),\n"
        + "      rank: entry.rank.present ? entry.rank.value : 0,\n"
        + "      code: entry.code.present ? entry.code.value : null,\n"
        + "      done: entry.done.present ? entry.done.value : false,\n");
    assertContains(items, "if (key > _lastId) _lastId = key;");
    assertContains(items, "if (row.code != null && row.code == other.code) throw StateError('UNIQUE constraint failed: items.code');");
    assertContains(items, "if (current == null || changes.toColumns(false).isEmpty) return false;");
    assertContains(items, "rows.toList()..sort((a, b) => a.id.compareTo(b.id));");

    env.call("drift_generate_repository", call("people", "create,update", false, null));
    String people = TestEnv.read(root, "lib/data/repositories/people_repository_memory.dart");
    assertContains(people, "final key = _required(entry.uuid, 'uuid');");
    assertContains(people, "score: entry.score.present ? entry.score.value : 0.5,");
    assertContains(people, "joinedAt: entry.joinedAt.present ? entry.joinedAt.value : now,");
    assertContains(people, "createdAt: entry.createdAt.present ? entry.createdAt.value : now,");
    assertContains(people, "final now = _storedNow(clock());");
    assertContains(people, "DateTime _storedNow(DateTime time) => DateTime.fromMillisecondsSinceEpoch(time.millisecondsSinceEpoch, isUtc: true);");
    // The updated_at trigger, emulated.
    assertContains(people, "if (next.updatedAt == current.updatedAt) next = next.copyWith(updatedAt: _storedNow(clock()));");
    assertContains(people, "if (row.firstName == other.firstName && row.score == other.score) "
        + "throw StateError('UNIQUE constraint failed: people.first_name, people.score');");
    assertFalse(people.contains("_nextId"), "text keys are never made up");
    String peopleRepo = TestEnv.read(root, "lib/data/repositories/people_repository.dart");
    assertContains(peopleRepo, "final row = await _dao.into(_dao.people).insertReturning(entry);\n    return row.uuid;");

    env.call("drift_generate_repository", call("notes", "delete,list", false, null));
    String notes = TestEnv.read(root, "lib/data/repositories/notes_repository_memory.dart");
    assertContains(notes, "_write(current, NotesCompanion(deletedAt: Value(clock().toUtc())));");
    assertContains(notes, "_byKey(_rows.values.where((row) => row.deletedAt == null));");
  }

  /**
   * The rules the in-memory repository emulates, checked on SQLite with the project's own DDL: which key an
   * insert without one gets (AUTOINCREMENT never reuses a key; a plain integer key takes the largest + 1), and
   * the updated_at trigger (an update that leaves updated_at alone sets it; one that sets it keeps its value).
   */
  @Test
  void theEmulatedRulesAreSqlitesRules() throws Exception {
    TestEnv env = new TestEnv();
    Path root = fixture(env, dir);
    env.call("drift_generate_repository", call("items", "create", false, null));
    env.call("drift_generate_repository", call("codes", "create", false, null));
    env.call("drift_generate_repository", call("people", "update", false, null));
    assertContains(TestEnv.read(root, ITEMS_MEMORY), "    var largest = _lastId;\n");
    String codes = TestEnv.read(root, "lib/data/repositories/codes_repository_memory.dart");
    assertContains(codes, "    var largest = 0;\n");
    assertFalse(codes.contains("_lastId"), codes);
    assertContains(TestEnv.read(root, "lib/data/repositories/people_repository_memory.dart"),
        "if (next.updatedAt == current.updatedAt) next = next.copyWith(updatedAt: _storedNow(clock()));");

    var manifest = ManifestFiles.manifest(root);
    try (SqliteSandbox db = SqliteSandbox.with(Schemas.freshInstall(manifest))) {
      for (String t : List.of("a", "b", "c")) db.execute("INSERT INTO items (title) VALUES ('" + t + "')");
      db.execute("DELETE FROM items WHERE id = 3");
      db.execute("INSERT INTO items (title) VALUES ('d')");
      assertEquals(List.of(1L, 2L, 4L), longs(db, "SELECT id FROM items ORDER BY id"));

      for (String t : List.of("a", "b", "c")) db.execute("INSERT INTO codes (label) VALUES ('" + t + "')");
      db.execute("DELETE FROM codes WHERE code = 3");
      db.execute("INSERT INTO codes (label) VALUES ('d')");
      assertEquals(List.of(1L, 2L, 3L), longs(db, "SELECT code FROM codes ORDER BY code"));

      db.execute("INSERT INTO people (uuid, first_name, updated_at) VALUES ('u1', 'Ann', '2000-01-01 00:00:00')");
      db.execute("UPDATE people SET first_name = 'Anne' WHERE uuid = 'u1'");
      assertFalse(strings(db, "SELECT updated_at FROM people").contains("2000-01-01 00:00:00"), "touched");
      assertTrue(strings(db, "SELECT updated_at FROM people").get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
          "UTC to the millisecond, as _storedNow gives");
      db.execute("UPDATE people SET first_name = 'Annie', updated_at = '2001-01-01 00:00:00' WHERE uuid = 'u1'");
      assertEquals(List.of("2001-01-01 00:00:00"), strings(db, "SELECT updated_at FROM people"));
    }
  }

  static List<Long> longs(SqliteSandbox db, String sql) throws Exception {
    List<Long> out = new ArrayList<>();
    try (var st = db.connection().createStatement(); var rs = st.executeQuery(sql)) {
      while (rs.next()) out.add(rs.getLong(1));
    }
    return out;
  }

  static List<String> strings(SqliteSandbox db, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (var st = db.connection().createStatement(); var rs = st.executeQuery(sql)) {
      while (rs.next()) out.add(rs.getString(1));
    }
    return out;
  }

  @Test
  void aMissingDaoIsGeneratedWithANoteAndAnExistingOneIsKept() {
    TestEnv env = new TestEnv();
    Path root = fixture(env, dir);
    env.call("drift_generate_dao", """
        {"projectId": "p", "tableName": "notes", "customMethods": [
          {"name": "titled", "returnType": "List<Note>", "parameters": [{"name": "t", "type": "String"}],
           "query": "SELECT * FROM notes WHERE title = ?"}]}""");
    ChangeSet first = (ChangeSet) env.call("drift_generate_repository", call("items", "read", false, null)).structured();
    assertTrue(first.notes().stream().anyMatch(n -> n.contains("had no DAO") && n.contains("lib/data/daos/items_dao.dart")), first.notes().toString());
    assertTrue(Files.exists(root.resolve("lib/data/daos/items_dao.dart")));
    assertContains(TestEnv.read(root, "lib/data/database.dart"), "daos: [ItemsDao, NotesDao]");

    ChangeSet again = (ChangeSet) env.call("drift_generate_repository", call("notes", "read", false, null)).structured();
    assertTrue(again.notes().stream().noneMatch(n -> n.contains("had no DAO")), again.notes().toString());
    assertContains(TestEnv.read(root, "lib/data/daos/notes_dao.dart"), "Future<List<Note>> titled(String t)");
  }

  @Test
  void theManifestKeepsOneEntryPerTableSortedWithOperationsInCanonicalOrder() throws IOException {
    TestEnv env = new TestEnv();
    Path root = fixture(env, dir);
    env.call("drift_generate_repository", call("people", "list,read", true, null));
    env.call("drift_generate_repository", call("items", "delete,create", false, null));
    env.call("drift_generate_repository", call("people", "update", true, 30));
    Object raw = ManifestFiles.manifest(root).feature("repositories").orElseThrow();
    assertEquals(List.of(
        Map.of("table", "items", "operations", List.of("create", "delete"), "includeCache", false),
        Map.of("table", "people", "operations", List.of("update"), "includeCache", true, "cacheTTL", 30)), raw);
    String yaml = TestEnv.read(root, "driftsmith.yaml");
    assertContains(yaml, "  repositories:\n  - table: items\n    operations:\n    - create\n    - delete\n    includeCache: false\n");
  }

  @Test
  void aSecondIdenticalCallChangesNothing() {
    TestEnv env = new TestEnv();
    Path root = fixture(env, dir);
    String json = call("notes", "create,read,update,delete,list", true, 90);
    env.call("drift_generate_repository", json);
    Map<String, String> before = TestEnv.files(root);
    ChangeSet second = (ChangeSet) env.call("drift_generate_repository", json).structured();
    assertEquals(before, TestEnv.files(root));
    assertTrue(second.files().stream().allMatch(f -> f.status() == FileChange.Status.unchanged), second.summary());
    // Same operations in another order: the same configuration.
    env.call("drift_generate_repository", call("notes", "list,delete,update,read,create", true, 90));
    assertEquals(before, TestEnv.files(root));
  }

  @Test
  void aDryRunWritesNothing() {
    TestEnv env = new TestEnv();
    Path root = fixture(env, dir);
    Map<String, String> before = TestEnv.files(root);
    String json = call("items", "read", true, null);
    ChangeSet planned = (ChangeSet) env.call("drift_generate_repository", json.replace("}", ", \"dryRun\": true}")).structured();
    assertEquals(before, TestEnv.files(root));
    assertTrue(planned.files().stream().anyMatch(f -> f.path().equals(ITEMS) && f.status() == FileChange.Status.created));
  }

  /** The call proposed for the demo (its todos table, all five operations, 120 s cache) on the demo project. */
  @Test
  void theDemoGeneratesTheTodosRepositoryAndTheSameCallChangesNothing() throws IOException {
    Path demo = TestEnv.demo(dir.resolve("demo"));
    TestEnv env = new TestEnv();
    env.call("project_open", "{\"path\": " + TestEnv.quote(demo) + ", \"id\": \"demo\"}");
    Map<String, String> before = TestEnv.files(demo);
    for (String path : List.of("lib/data/repositories/todos_repository.dart", "lib/data/repositories/todos_repository_memory.dart")) {
      assertTrue(before.containsKey(path), path);
      assertEquals(List.of(), DartSyntax.problems(before.get(path)), path);
      assertEquals(List.of(), bannedPatterns(path, before.get(path)), path);
    }
    // todos is versioned (increment): repository updates advance the version, in drift and in memory alike.
    assertTrue(before.get("lib/data/repositories/todos_repository.dart").contains("statement.write(_dao.withNextVersion(changes))"));
    assertTrue(before.get("lib/data/repositories/todos_repository_memory.dart").contains("changes.copyWith(version: Value(current.version + 1))"));
    ChangeSet changes = (ChangeSet) env.call("drift_generate_repository", """
        {"projectId": "demo", "tableName": "todos", "operations": ["create", "read", "update", "delete", "list"],
         "includeCache": true, "cacheTTL": 120}""").structured();
    assertTrue(changes.notes().isEmpty(), changes.notes().toString());
    assertEquals(before, TestEnv.files(demo));
  }

  static int count(String haystack, String needle) {
    int n = 0;
    for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) n++;
    return n;
  }
}
