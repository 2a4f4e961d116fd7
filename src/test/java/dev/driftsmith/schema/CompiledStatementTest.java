package dev.driftsmith.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftsmith.project.StatementKind;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins how SQLite's compiled program is read, one statement kind at a time: an SQLite upgrade
 * that compiles one of them into different opcodes fails here, not silently in the authorizer.
 * PRAGMAs are compiled directly (the authorizer never lets one reach SQLite), on a throwaway copy.
 */
class CompiledStatementTest {
  static final List<String> SCHEMA = List.of(
      "CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT UNIQUE, body TEXT)",
      "CREATE TABLE log (id INTEGER PRIMARY KEY, what TEXT)",
      "CREATE INDEX notes_body_idx ON notes (body)",
      "CREATE VIRTUAL TABLE notes_fts USING fts5(title, body, content='notes', content_rowid='id')",
      "CREATE TRIGGER notes_logged AFTER DELETE ON notes BEGIN INSERT INTO log (what) VALUES ('deleted ' || OLD.id); END");

  static Stream<Arguments> statements() {
    return Stream.of(
        // statement, kind SQLite gives it, the statement's own actions (type, or type:target)
        pin("ATTACH DATABASE 'other.db' AS v", StatementKind.OTHER, "ATTACH"),
        pin("DETACH DATABASE v", StatementKind.OTHER, "DETACH"),
        pin("VACUUM", StatementKind.OTHER, "VACUUM"),
        pin("VACUUM INTO 'copy.db'", StatementKind.OTHER, "VACUUM"),
        pin("SELECT load_extension('x')", StatementKind.SELECT, "FUNCTION:load_extension"),
        pin("PRAGMA writable_schema = ON", StatementKind.OTHER, "PRAGMA"),
        pin("PRAGMA foreign_keys = OFF", StatementKind.OTHER, "PRAGMA"),
        pin("PRAGMA user_version = 3", StatementKind.OTHER, "PRAGMA", "HEADER_WRITE"),
        pin("PRAGMA journal_mode = WAL", StatementKind.OTHER, "PRAGMA"),
        pin("PRAGMA table_info(notes)", StatementKind.OTHER, "PRAGMA"),
        pin("BEGIN", StatementKind.OTHER, "TRANSACTION"),
        pin("COMMIT", StatementKind.OTHER, "TRANSACTION"),
        pin("ROLLBACK", StatementKind.OTHER, "TRANSACTION"),
        pin("SAVEPOINT s", StatementKind.OTHER, "TRANSACTION"),
        pin("RELEASE s", StatementKind.OTHER, "TRANSACTION"),
        pin("CREATE TABLE t (a TEXT)", StatementKind.OTHER, "SCHEMA_CHANGE"),
        pin("CREATE INDEX notes_title_body ON notes (title, body)", StatementKind.OTHER, "SCHEMA_CHANGE", "READ:notes"),
        pin("CREATE VIEW v AS SELECT * FROM notes", StatementKind.OTHER, "SCHEMA_CHANGE"),
        pin("CREATE TRIGGER t AFTER INSERT ON notes BEGIN SELECT 1; END", StatementKind.OTHER, "SCHEMA_CHANGE"),
        pin("CREATE VIRTUAL TABLE f USING fts5(x)", StatementKind.OTHER, "SCHEMA_CHANGE"),
        pin("DROP TABLE log", StatementKind.OTHER, "SCHEMA_CHANGE"),
        pin("DROP INDEX notes_body_idx", StatementKind.OTHER, "SCHEMA_CHANGE"),
        pin("DROP TRIGGER notes_logged", StatementKind.OTHER, "SCHEMA_CHANGE"),
        // ALTER TABLE rewrites sqlite_schema with SQLite's internal functions.
        pin("ALTER TABLE log ADD COLUMN at TEXT", StatementKind.OTHER, "SCHEMA_CHANGE", "FUNCTION:printf", "FUNCTION:length",
            "FUNCTION:substr"),
        pin("ALTER TABLE log RENAME TO journal", StatementKind.OTHER, "SCHEMA_CHANGE", "FUNCTION:like",
            "FUNCTION:sqlite_rename_table", "FUNCTION:substr", "FUNCTION:sqlite_rename_test"),
        pin("ALTER TABLE log DROP COLUMN what", StatementKind.OTHER, "SCHEMA_CHANGE", "FUNCTION:like",
            "FUNCTION:sqlite_rename_test", "FUNCTION:sqlite_rename_quotefix", "FUNCTION:sqlite_drop_column"),
        pin("INSERT INTO log (what) VALUES ('a')", StatementKind.INSERT, "INSERT:log"),
        pin("INSERT OR REPLACE INTO log (id, what) VALUES (1, 'a')", StatementKind.INSERT, "INSERT:log"),
        pin("INSERT INTO notes (title) VALUES ('a') ON CONFLICT (title) DO UPDATE SET body = 'b'", StatementKind.INSERT,
            "INSERT:notes", "UPDATE:notes"),
        pin("UPDATE log SET what = 'b'", StatementKind.UPDATE, "UPDATE:log"),
        pin("UPDATE log SET id = id + 1 WHERE id = 1", StatementKind.UPDATE, "UPDATE:log"),
        pin("DELETE FROM log", StatementKind.DELETE, "DELETE:log"),
        pin("DELETE FROM log WHERE id = 1", StatementKind.DELETE, "DELETE:log"),
        pin("WITH old AS (SELECT id FROM log) DELETE FROM log WHERE id IN old", StatementKind.DELETE, "READ:log", "DELETE:log"),
        pin("SELECT title FROM notes WHERE body = 'x'", StatementKind.SELECT, "READ:notes"),
        pin("VALUES (1), (2)", StatementKind.SELECT),
        pin("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r LIMIT 5) SELECT sum(n) FROM r", StatementKind.SELECT,
            "FUNCTION:sum"),
        pin("SELECT name FROM pragma_table_info('notes') AS p", StatementKind.SELECT, "VIRTUAL_TABLE:pragma_table_info"),
        pin("SELECT * FROM notes_fts WHERE notes_fts MATCH 'a'", StatementKind.SELECT, "VIRTUAL_TABLE:notes_fts"),
        pin("SELECT count(*) FROM dbstat", StatementKind.SELECT, "VIRTUAL_TABLE", "FUNCTION:count"),
        pin("INSERT INTO notes_fts (notes_fts) VALUES ('rebuild')", StatementKind.OTHER, "VIRTUAL_TABLE_WRITE:notes_fts"));
  }

  static Arguments pin(String sql, StatementKind kind, String... actions) {
    return Arguments.of(sql, kind, List.of(actions));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statements")
  void sqliteCompilesEachKindIntoTheseActions(String sql, StatementKind kind, List<String> actions) throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(SCHEMA); SqliteSandbox copy = db.copy()) {
      CompiledStatement compiled = CompiledStatement.compile(copy.connection(), sql, List.of("pragma_table_info", "notes_fts"));
      assertEquals(kind, compiled.kind(), sql);
      assertEquals(new TreeSet<>(actions), compiled.ownActions().stream().map(CompiledStatementTest::label)
          .collect(Collectors.toCollection(TreeSet::new)), sql);
    }
  }

  /** Triggers (and foreign-key actions) a statement fires are compiled with it, after its own program. */
  @Test
  void theTriggersAStatementFiresAreReadAsTheirs() throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(SCHEMA); SqliteSandbox copy = db.copy()) {
      CompiledStatement compiled = CompiledStatement.compile(copy.connection(), "DELETE FROM notes WHERE id = 1", List.of("notes_fts"));
      assertEquals(StatementKind.DELETE, compiled.kind());
      List<String> fired = compiled.actions().stream().filter(SqlAction::inTrigger).map(CompiledStatementTest::label).toList();
      assertEquals(List.of("INSERT:log"), fired.stream().filter(a -> a.startsWith("INSERT")).toList(), compiled.actions().toString());
    }
  }

  /**
   * Listing the virtual tables reads every table of the schema; a replay compiles thousands of
   * statements, so the list is asked for only by a program that opens a virtual table.
   */
  @Test
  void theVirtualTablesAreListedOnlyForAProgramThatOpensOne() throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(SCHEMA); SqliteSandbox copy = db.copy()) {
      List<String> asked = new java.util.ArrayList<>();
      CompiledStatement.Names names = () -> {
        asked.add("asked");
        return List.of("notes_fts");
      };
      for (String sql : List.of("CREATE TABLE more (id INTEGER PRIMARY KEY)", "INSERT INTO log (what) SELECT title FROM notes",
          "CREATE TRIGGER more_logged AFTER INSERT ON log BEGIN DELETE FROM log WHERE id < NEW.id - 100; END")) {
        CompiledStatement.compile(copy.connection(), sql, names);
      }
      assertEquals(List.of(), asked);
      CompiledStatement search = CompiledStatement.compile(copy.connection(), "SELECT rowid FROM notes_fts WHERE notes_fts MATCH 'x'", names);
      assertEquals(List.of("asked"), asked);
      assertEquals(List.of("VIRTUAL_TABLE:notes_fts"), search.ownActions().stream().map(CompiledStatementTest::label)
          .filter(a -> a.startsWith("VIRTUAL")).toList());
      CompiledStatement copyRows = CompiledStatement.compile(copy.connection(), "INSERT INTO log (what) SELECT title FROM notes", names);
      assertEquals(List.of("INSERT:log", "READ:notes"), copyRows.ownActions().stream().map(CompiledStatementTest::label).sorted().toList());
    }
  }

  static String label(SqlAction a) {
    return a.target() == null ? a.type().name() : a.type() + ":" + a.target();
  }
}
