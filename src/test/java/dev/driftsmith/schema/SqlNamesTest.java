package dev.driftsmith.schema;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SqlNamesTest {
  /** SQLite decides: a keyword it takes in CREATE TABLE but not in UPDATE ... SET is refused, a plain word is not. */
  @Test
  void keywordsThatBreakOneOfOurStatementShapesAreRefused() {
    assertFalse(SqlNames.usableUnquoted("order"));
    assertFalse(SqlNames.usableUnquoted("select"));
    assertFalse(SqlNames.usableUnquoted("group"));
    assertTrue(SqlNames.usableUnquoted("todo_items"));
    assertTrue(SqlNames.usableUnquoted("title"));
  }

  /**
   * The probes share one database: each one's tables, indexes and triggers are gone before the
   * next, so a name whose probe objects another probe already made (the index of {@code pairs} is
   * {@code pairs_idx}) and a name probed after a refused one are answered as on an empty database.
   */
  @Test
  void probesDoNotSeeEachOther() {
    assertTrue(SqlNames.usableUnquoted("pairs"));
    assertTrue(SqlNames.usableUnquoted("pairs_idx"));
    assertTrue(SqlNames.usableUnquoted("pairs_idx_t"));
    assertFalse(SqlNames.usableUnquoted("where"));
    assertTrue(SqlNames.usableUnquoted("after_where"));
  }
}
