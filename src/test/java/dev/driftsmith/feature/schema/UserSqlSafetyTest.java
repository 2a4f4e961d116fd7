package dev.driftsmith.feature.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.project.keys.DaoConfig;
import dev.driftsmith.testing.TestEnv;
import dev.driftsmith.workspace.ManifestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hand-written SQL, attacked the way an assistant fed a hostile prompt would: every statement
 * below is refused with a message naming its list entry, leaves every file of the project as it
 * was, touches no file outside it, and never reaches the generated code.
 */
class UserSqlSafetyTest {
  static final JsonMapper JSON = JsonMapper.builder().build();
  @TempDir
  Path dir;
  TestEnv env;
  Path root;
  /** A database outside the project, as a victim of ATTACH. */
  Path victim;
  /** Where VACUUM INTO or a backup would write. */
  Path written;

  @BeforeEach
  void project() throws Exception {
    env = new TestEnv();
    root = env.project(dir.resolve("p"));
    env.call("drift_add_table", """
        {"projectId": "p", "name": "notes", "timestamps": true, "columns": [{"name": "title", "type": "text"}],
         "indexes": [{"name": "notes_title_idx", "columns": ["title"]}]}""");
    env.call("drift_add_table", """
        {"projectId": "p", "name": "todos", "columns": [{"name": "title", "type": "text"}, {"name": "done", "type": "boolean", "defaultValue": false}]}""");
    victim = dir.resolve("victim.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + victim); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE t (x)");
      st.execute("INSERT INTO t VALUES (1)");
    }
    written = dir.resolve("written.db");
  }

  // --- drift_create_migration ----------------------------------------------------------------

  static Stream<Arguments> hostileSteps() {
    return Stream.of(
        // up statements (with $VICTIM / $WRITTEN for files outside the project), hint of the refusal
        step(List.of("-- x\nATTACH DATABASE '$VICTIM' AS v", "DROP TABLE v.t"), "upStatements[0]", "ATTACH"),
        step(List.of("-- c\nATTACH '$VICTIM' AS v"), "upStatements[0]", "ATTACH"),
        step(List.of("/**/ATTACH DATABASE '$VICTIM' AS v"), "upStatements[0]", "ATTACH"),
        step(List.of("/* /* nested */ aTtAcH\t\n DATABASE '$VICTIM'\nAS v"), "upStatements[0]", "ATTACH"),
        step(List.of("CREATE INDEX todos_title ON todos (title)", "\u000b\f ATTACH '$VICTIM' AS v"), "upStatements[1]", "control character"),
        step(List.of("DETACH DATABASE main"), "upStatements[0]", "DETACH"),
        step(List.of("/**/VACUUM INTO '$WRITTEN'"), "upStatements[0]", "VACUUM"),
        step(List.of("vacuum"), "upStatements[0]", "VACUUM"),
        step(List.of("/**/PRAGMA writable_schema=ON"), "upStatements[0]", "PRAGMA"),
        step(List.of("PRAGMA user_version = 3"), "upStatements[0]", "PRAGMA"),
        step(List.of("pragma foreign_keys=OFF"), "upStatements[0]", "PRAGMA"),
        step(List.of("PRAGMA journal_mode=WAL"), "upStatements[0]", "PRAGMA"),
        step(List.of("SELECT 1;PRAGMA journal_mode=WAL"), "upStatements[0]", "PRAGMA"),
        step(List.of("BEGIN"), "upStatements[0]", "transaction"),
        step(List.of("begin immediate transaction"), "upStatements[0]", "transaction"),
        step(List.of("COMMIT"), "upStatements[0]", "transaction"),
        step(List.of("END"), "upStatements[0]", "transaction"),
        step(List.of("ROLLBACK"), "upStatements[0]", "transaction"),
        step(List.of("SAVEPOINT s"), "upStatements[0]", "transaction"),
        step(List.of("RELEASE s"), "upStatements[0]", "transaction"),
        step(List.of("SELECT load_extension('/tmp/evil.so')"), "upStatements[0]", "load_extension()"),
        // A second statement hides behind the first: SQLite, not a lexer, says where the first ends.
        step(List.of("SELECT 1 AS begin; ATTACH '$VICTIM' AS v"), "upStatements[0]", "more than one statement"),
        step(List.of("SELECT 'it''s; fine' AS x; ATTACH '$VICTIM' AS v"), "upStatements[0]", "more than one statement"),
        step(List.of("SELECT \"a;\" FROM (SELECT 1 AS \"a;\") /* ; */; ATTACH '$VICTIM' AS v"), "upStatements[0]", "more than one statement"),
        step(List.of("UPDATE todos SET title = 'x' -- ;\n; DETACH main"), "upStatements[0]", "more than one statement"),
        step(List.of(";;ATTACH '$VICTIM' AS v"), "upStatements[0]", "does not run"),
        step(List.of("CREATE TRIGGER x AFTER INSERT ON todos BEGIN SELECT 1; END; ATTACH '$VICTIM' AS v"), "upStatements[0]", "more than one statement"),
        step(List.of("SELECT 1\u0000; ATTACH '$VICTIM' AS v"), "upStatements[0]", "NUL"),
        // A statement split across entries is two broken statements.
        step(List.of("ATTACH DATABASE", "'$VICTIM' AS v"), "upStatements[0]", "does not run"),
        // The driver's own commands (not SQL) must never run: they read and write any file.
        step(List.of("backup to $WRITTEN"), "upStatements[0]", "does not run"),
        step(List.of("restore from $VICTIM"), "upStatements[0]", "does not run"),
        // Declared tables, their indexes and triggers belong to the table tools.
        step(List.of("DROP TABLE notes"), "upStatements[0]", "drops table notes, which the manifest declares"),
        step(List.of("ALTER TABLE todos ADD COLUMN extra TEXT"), "upStatements[0]", "changes table todos"),
        step(List.of("ALTER TABLE todos RENAME TO chores"), "upStatements[0]", "drift_add_table"),
        step(List.of("DROP INDEX notes_title_idx"), "upStatements[0]", "drops index notes_title_idx"),
        step(List.of("DROP TRIGGER notes_touch_updated_at"), "upStatements[0]", "drops trigger notes_touch_updated_at"),
        step(List.of("CREATE TABLE notes_copy AS SELECT * FROM notes", "DROP TABLE notes", "ALTER TABLE notes_copy RENAME TO notes"),
            "upStatements[1]", "custom steps are for data and for objects the manifest does not declare"),
        // Code stored in the schema runs later on every device. SQLite itself keeps load_extension
        // out of it; what it allows there is checked like a statement.
        step(List.of("CREATE TRIGGER todos_evil AFTER INSERT ON todos BEGIN SELECT load_extension('/tmp/evil.so'); END"),
            "upStatements[0]", "load_extension()"),
        step(List.of("CREATE TABLE extra (a TEXT DEFAULT (load_extension('/tmp/evil.so')))"), "upStatements[0]", "load_extension()"),
        step(List.of("CREATE VIEW evil AS SELECT load_extension('/tmp/evil.so') AS x"), "upStatements[0]", "load_extension()"),
        step(List.of("CREATE VIEW pages AS SELECT * FROM dbstat"), "upStatements[0]", "unsafe use of virtual table"),
        step(List.of("CREATE TRIGGER todos_pages AFTER INSERT ON todos BEGIN INSERT INTO todos (title) SELECT name FROM dbstat; END"),
            "upStatements[0]", "the app's reads or writes of it would fail"),
        step(List.of("CREATE VIEW files AS SELECT file FROM pragma_database_list"), "upStatements[0]", "stores code on files"),
        step(List.of("CREATE TRIGGER todos_functions AFTER UPDATE ON todos BEGIN INSERT INTO todos (title) SELECT name FROM pragma_function_list; END"),
            "upStatements[0]", "stores code on todos"),
        step(List.of("CREATE TEMP TABLE scratch (a)"), "upStatements[0]", "TEMP"),
        // Resource exhaustion: SQLite's limits and progress handler stop it.
        step(List.of("CREATE TABLE big AS SELECT zeroblob(100000000) AS b"), "upStatements[0]", "too big"),
        step(List.of("SELECT '" + "x".repeat(1_100_000) + "'"), "upStatements[0]", "characters long"));
  }

  static Arguments step(List<String> up, String field, String hint) {
    return Arguments.of(up, field, hint);
  }

  @ParameterizedTest(name = "{index}: {1} {2}")
  @MethodSource("hostileSteps")
  void hostileMigrationStepsAreRefusedAndTouchNothing(List<String> up, String field, String hint) throws Exception {
    String statements = String.join(", ", up.stream().map(sql -> json(sql.replace("$VICTIM", victim.toString())
        .replace("$WRITTEN", written.toString()))).toList());
    env.assertRefused(root, "drift_create_migration", "{\"projectId\": \"p\", \"name\": \"x\", \"upStatements\": ["
        + statements + "], \"downStatements\": []}", field, hint);
    assertVictimIntact();
    assertFalse(Files.exists(written), "nothing may be written outside the project");
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aRunawayStatementIsInterruptedWithinItsTimeLimit() {
    long start = System.nanoTime();
    env.assertRefused(root, "drift_create_migration", """
        {"projectId": "p", "name": "x", "downStatements": [], "upStatements": [
          "CREATE TABLE forever AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) AS c FROM r"]}""",
        "upStatements[0]", "never ends");
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    assertTrue(seconds < 30, "interrupted after " + seconds + " s");
  }

  /** Its first row comes at once; the app's customStatement steps through all of them, forever. */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aQueryWithEndlessRowsIsInterruptedToo() {
    env.assertRefused(root, "drift_create_migration", """
        {"projectId": "p", "name": "x", "downStatements": [], "upStatements": [
          "SELECT n FROM (WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r)"]}""",
        "upStatements[0]", "never ends");
  }

  @Test
  void processWideSettingsAreUntouchedByARefusedPragma() throws Exception {
    String before = single("PRAGMA temp_store_directory") + "|" + single("PRAGMA soft_heap_limit");
    for (String pragma : new String[] {"/**/PRAGMA temp_store_directory = '" + dir + "'", "PRAGMA soft_heap_limit = 12345"}) {
      env.assertRefused(root, "drift_create_migration", "{\"projectId\": \"p\", \"name\": \"x\", \"upStatements\": ["
          + json(pragma) + "], \"downStatements\": []}", "upStatements[0]", "PRAGMA");
    }
    assertEquals(before, single("PRAGMA temp_store_directory") + "|" + single("PRAGMA soft_heap_limit"),
        "SQLite applies these while compiling, for every connection of the process");
  }

  @Test
  void dataStepsAndObjectsTheManifestDoesNotDeclareAreAccepted() throws Exception {
    env.call("drift_create_migration", """
        {"projectId": "p", "name": "extras", "upStatements": [
          "-- titles are trimmed from now on\\nUPDATE todos SET title = trim(title)",
          "CREATE INDEX todos_title_done_idx ON todos (title, done)",
          "CREATE VIEW open_todos AS SELECT * FROM todos WHERE done = 0",
          "CREATE TRIGGER todos_trim AFTER INSERT ON todos BEGIN UPDATE todos SET title = trim(NEW.title) WHERE id = NEW.id; END",
          "CREATE TABLE archive (id INTEGER PRIMARY KEY, title TEXT)",
          "INSERT INTO archive (id, title) SELECT id, title FROM todos WHERE done = 1",
          "SELECT name FROM pragma_table_info('todos')"],
         "downStatements": ["DROP TABLE archive", "DROP TRIGGER todos_trim", "DROP VIEW open_todos", "DROP INDEX todos_title_done_idx"]}""");
    var step = ManifestFiles.manifest(root).schema().history().get(ManifestFiles.manifest(root).schema().history().size() - 1);
    assertEquals(7, step.up().size());
    assertTrue(step.custom());
  }

  // --- drift_generate_dao --------------------------------------------------------------------

  static Stream<Arguments> hostileQueries() {
    return Stream.of(
        query("void", "ATTACH DATABASE '$VICTIM' AS v", "ATTACH"),
        query("void", "-- c\nATTACH DATABASE '$VICTIM' AS v", "ATTACH"),
        query("String", "SELECT load_extension('/tmp/evil.so')", "load_extension()"),
        query("String", "select LOAD_EXTENSION('/tmp/evil.so') AS x FROM todos", "load_extension()"),
        query("void", "/**/VACUUM INTO '$WRITTEN'", "VACUUM"),
        query("int", "PRAGMA user_version", "PRAGMA"),
        query("void", "BEGIN", "transaction"),
        query("void", "CREATE TABLE x (a)", "changes the schema"),
        query("void", "DROP TABLE todos", "changes the schema"),
        query("int", "SELECT count(*) FROM dbstat", "virtual table"),
        query("int", "SELECT count(*) FROM todos; DELETE FROM todos", "exactly one"),
        query("void", "backup to $WRITTEN", "does not prepare"));
  }

  static Arguments query(String returnType, String sql, String hint) {
    return Arguments.of(returnType, sql, hint);
  }

  @ParameterizedTest(name = "{index}: {1}")
  @MethodSource("hostileQueries")
  void hostileDaoQueriesAreRefusedAndTouchNothing(String returnType, String sql, String hint) throws Exception {
    String query = sql.replace("$VICTIM", victim.toString()).replace("$WRITTEN", written.toString());
    env.assertRefused(root, "drift_generate_dao", "{\"projectId\": \"p\", \"tableName\": \"todos\", \"customMethods\": "
        + "[{\"name\": \"evil\", \"returnType\": \"" + returnType + "\", \"query\": " + json(query) + "}]}",
        "customMethods[0].query", hint);
    assertVictimIntact();
    assertFalse(Files.exists(written));
  }

  /** Whether a query reads or writes, and which write, is what SQLite compiled, not its first word. */
  @Test
  void theStatementKindComesFromSqliteAndShapesTheDao() throws Exception {
    env.call("drift_generate_dao", """
        {"projectId": "p", "tableName": "todos", "customMethods": [
          {"name": "purgeDone", "returnType": "int", "query": "-- finished work\\nDELETE FROM todos WHERE done = 1"},
          {"name": "purgeFirst", "returnType": "int", "query": "WITH first AS (SELECT min(id) AS id FROM todos) DELETE FROM todos WHERE id IN (SELECT id FROM first)"},
          {"name": "addCopy", "returnType": "int", "parameters": [{"name": "title", "type": "String"}],
           "query": "/* copy */ INSERT INTO todos (title) VALUES (?) ON CONFLICT DO UPDATE SET title = excluded.title"},
          {"name": "finishAll", "returnType": "void", "query": "WITH RECURSIVE n(x) AS (SELECT 1) UPDATE todos SET done = 1"},
          {"name": "columnNames", "returnType": "List<String>", "query": "SELECT name FROM pragma_table_info('todos')"},
          {"name": "answer", "returnType": "int", "query": "VALUES (42)"}]}""");
    Map<String, String> kinds = new java.util.TreeMap<>();
    for (DaoConfig dao : DaoConfig.all(ManifestFiles.manifest(root))) {
      dao.customMethods().forEach(m -> kinds.put(m.name(), m.kind() + " " + m.statement()));
    }
    assertEquals(Map.of("purgeDone", "write DELETE", "purgeFirst", "write DELETE", "addCopy", "write INSERT",
        "finishAll", "write UPDATE", "columnNames", "scalar SELECT", "answer", "scalar SELECT"), kinds);
    String dao = TestEnv.read(root, "lib/data/daos/todos_dao.dart");
    TestEnv.assertContains(dao, "Future<int> purgeDone() => customUpdate(");
    TestEnv.assertContains(dao, "Future<int> addCopy(String title) => customInsert(");
    String purgeFirst = dao.substring(dao.indexOf("purgeFirst()"), dao.indexOf("addCopy("));
    TestEnv.assertContains(purgeFirst, "updateKind: UpdateKind.delete");
    String finishAll = dao.substring(dao.indexOf("finishAll()"));
    TestEnv.assertContains(finishAll.substring(0, finishAll.indexOf(";\n  }")), "updateKind: UpdateKind.update");
  }

  /** Manifests written before the kind was stored (no {@code statement:}) get it from SQLite when generated. */
  @Test
  void manifestsWithoutTheStoredKindAreClassifiedBySqliteAgain() throws Exception {
    env.call("drift_generate_dao", """
        {"projectId": "p", "tableName": "todos", "customMethods": [
          {"name": "purgeDone", "returnType": "int", "query": "DELETE FROM todos WHERE done = 1"},
          {"name": "add", "returnType": "int", "parameters": [{"name": "title", "type": "String"}], "query": "INSERT INTO todos (title) VALUES (?)"},
          {"name": "finishAll", "returnType": "void", "query": "UPDATE todos SET done = 1"}]}""");
    String dao = TestEnv.read(root, "lib/data/daos/todos_dao.dart");
    Path yaml = root.resolve("driftsmith.yaml");
    String withKinds = Files.readString(yaml);
    String without = withKinds.replaceAll("(?m)^ *statement: [A-Z]+\n", "");
    assertEquals(3, withKinds.split("statement: ").length - without.split("statement: ").length);
    Files.writeString(yaml, without);
    env.call("project_open", "{\"path\": " + TestEnv.quote(root) + ", \"id\": \"again\"}");
    env.call("project_generate", "{\"projectId\": \"again\"}");
    assertEquals(dao, TestEnv.read(root, "lib/data/daos/todos_dao.dart"));
  }

  /** A query an older version accepted (before the kind was stored) is authorized before it is written into Dart. */
  @Test
  void anOlderManifestsHostileQueryIsNotGenerated() throws Exception {
    env.call("drift_generate_dao", """
        {"projectId": "p", "tableName": "todos", "customMethods": [{"name": "titles", "returnType": "List<String>", "query": "SELECT title FROM todos"}]}""");
    Path yaml = root.resolve("driftsmith.yaml");
    String old = Files.readString(yaml).replaceAll("(?m)^ *statement: [A-Z]+\n", "")
        .replace("query: SELECT title FROM todos", "query: SELECT load_extension('/tmp/evil.so') AS title FROM todos");
    Files.writeString(yaml, old);
    Map<String, String> before = TestEnv.files(root);
    var e = env.error("project_generate", "{\"projectId\": \"p\"}");
    assertTrue(e.getMessage().contains("calls load_extension()"), e.getMessage());
    assertEquals(before, TestEnv.files(root));
  }

  // --- helpers -------------------------------------------------------------------------------

  void assertVictimIntact() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + victim); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
      assertTrue(rs.next());
      assertEquals(1, rs.getInt(1), "the database outside the project keeps its table and row");
    }
  }

  static String single(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? String.valueOf(rs.getString(1)) : "<no row>";
    }
  }

  static String json(String s) {
    return JSON.writeValueAsString(s);
  }
}
