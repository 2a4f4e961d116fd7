package dev.driftsmith.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftsmith.schema.SqlStatements;
import org.junit.jupiter.api.Test;

class SqlStatementsTest {
  @Test
  void countsStatementsNotSemicolonsInStringsCommentsOrTriggerBodies() {
    assertEquals(1, SqlStatements.count("SELECT 1"));
    assertEquals(1, SqlStatements.count("SELECT 1;"));
    assertEquals(2, SqlStatements.count("SELECT 1; SELECT 2"));
    assertEquals(1, SqlStatements.count("SELECT ';' AS x"));
    assertEquals(1, SqlStatements.count("SELECT \"a;b\" FROM t -- ; comment\n"));
    assertEquals(1, SqlStatements.count("SELECT 1 /* ; */"));
    assertEquals(1, SqlStatements.count("CREATE TRIGGER t AFTER INSERT ON x BEGIN UPDATE x SET a = CASE WHEN 1 THEN 2 END; DELETE FROM y; END"));
    assertEquals(2, SqlStatements.count("CREATE TRIGGER t AFTER INSERT ON x BEGIN DELETE FROM y; END; DROP TABLE z"));
    assertEquals(0, SqlStatements.count("  ;  "));
  }
}
