package dev.driftsmith.project;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The named factories build the columns the eight-argument constructor built, each flag by its name. */
class ColumnTest {
  @Test
  void theFactoriesSetOnlyWhatTheirNamesSay() {
    assertEquals(new Column("id", "integer", false, true, true, false, null, null), Column.autoIncrementKey("id"));
    assertEquals(new Column("version", "integer", false, false, false, false, 1L, null),
        Column.of("version", ColumnType.INTEGER).withDefault(1L));
    assertEquals(new Column("deletedAt", "dateTime", true, false, false, false, null, null),
        Column.of("deletedAt", ColumnType.DATE_TIME).asNullable());
    assertEquals(new Column("createdAt", "dateTime", false, false, false, false, Column.NOW, null), Column.implicitTimestamp("createdAt"));
    Column.Reference ref = new Column.Reference("notes", "id", "cascade", null);
    assertEquals(new Column("noteId", "integer", false, true, false, true, null, ref),
        Column.of("noteId", ColumnType.INTEGER).asPrimaryKey().asUnique().withReferences(ref));
  }

  @Test
  void aColumnKnowsItsTypeAsTheEnum() {
    assertEquals(ColumnType.DATE_TIME, Column.implicitTimestamp("at").columnType());
  }
}
