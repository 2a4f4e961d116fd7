package dev.driftsmith.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftsmith.project.StatementKind;
import dev.driftsmith.schema.SqlAuthorizer.Use;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The authorizer's decisions below the tools: one statement by SQLite's reading, and the word PRAGMA. */
class SqlAuthorizerTest {
  static final List<String> SCHEMA = List.of("CREATE TABLE x (a INTEGER, b TEXT)", "CREATE TABLE y (c TEXT)");

  /** SQLite ends a statement at a ';' outside strings, quoted names, comments and trigger bodies. */
  @ParameterizedTest
  @ValueSource(strings = {"SELECT 1", "SELECT ';' AS x", "SELECT \"a;b\" FROM (SELECT 1 AS \"a;b\") -- ; comment",
      "SELECT 1 /* ; */", "SELECT [a;b] FROM (SELECT 1 AS [a;b])", "SELECT `a;b` FROM (SELECT 1 AS `a;b`)",
      "CREATE TRIGGER t AFTER INSERT ON x BEGIN UPDATE x SET a = CASE WHEN 1 THEN 2 END; DELETE FROM y; END"})
  void oneStatementIsAccepted(String sql) throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(SCHEMA)) {
      SqlAuthorizer.authorize(db, sql, Use.MIGRATION_STEP);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"SELECT 1; SELECT 2", "SELECT 1 AS begin; DELETE FROM x", "SELECT 1 AS end; DELETE FROM x",
      "CREATE TRIGGER t AFTER INSERT ON x BEGIN DELETE FROM y; END; DROP TABLE y",
      "CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT CASE WHEN 1 THEN 2 END; END; DROP TABLE y", "SELECT 1; -- trailing comment",
      "SELECT 'a' ';' FROM x; DELETE FROM y"})
  void moreThanOneStatementIsRefused(String sql) throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(SCHEMA)) {
      var e = assertThrows(SqlAuthorizer.Refused.class, () -> SqlAuthorizer.authorize(db, sql, Use.MIGRATION_STEP));
      assertTrue(e.getMessage().startsWith("holds more than one statement"), e.getMessage());
      assertEquals(2, SqliteSandbox.with(SCHEMA).snapshot().size(), "nothing ran");
    }
  }

  @Test
  void theWordPragmaIsFoundWhereverSqliteCouldReadIt() {
    for (String sql : new String[] {"PRAGMA x", "pragma x", " /**/PrAgMa x", "SELECT 1;PRAGMA x", "SELECT 'PRAGMA'", "-- pragma\nSELECT 1",
        "SELECT@pragma", "SELECT \"pragma\""}) {
      assertTrue(SqlStatements.mentionsPragma(sql), sql);
    }
    for (String sql : new String[] {"SELECT * FROM pragma_table_info('x')", "SELECT xpragma", "SELECT pragma2", "SELECT $pragma",
        "SELECT éPRAGMA", "SELECT 1"}) {
      assertFalse(SqlStatements.mentionsPragma(sql), sql);
    }
  }

  @Test
  void aDaoQueryIsOneReadOrOneWriteOfRows() throws Exception {
    try (SqliteSandbox db = SqliteSandbox.with(SCHEMA)) {
      assertEquals(StatementKind.SELECT, SqlAuthorizer.authorize(db, "SELECT a FROM x WHERE b = ?", Use.DAO_QUERY).kind());
      assertEquals(StatementKind.UPDATE, SqlAuthorizer.authorize(db, "UPDATE x SET a = 1", Use.DAO_QUERY).kind());
      for (String sql : new String[] {"CREATE INDEX i ON x (a)", "ALTER TABLE x ADD COLUMN c", "REINDEX"}) {
        assertThrows(SqlAuthorizer.Refused.class, () -> SqlAuthorizer.authorize(db, sql, Use.DAO_QUERY), sql);
      }
      assertEquals(2, db.snapshot().size(), "authorizing compiles on a copy and runs nothing");
    }
  }
}
