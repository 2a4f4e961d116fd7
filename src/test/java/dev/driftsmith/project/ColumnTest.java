package dev.driftsmith.project;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The named factories build the columns the eight-argument constructor built, each flag by its name. */
class ColumnTest {
  @Test
  void theFactoriesSetOnlyWhatTheirNamesSay() {
    assertEquals(new Column("id", ColumnType.INTEGER, false, true, true, false, null, null), Column.autoIncrementKey("id"));
    assertEquals(new Column("version", ColumnType.INTEGER, false, false, false, false, 1L, null),
        Column.of("version", ColumnType.INTEGER).withDefault(1L));
    assertEquals(new Column("deletedAt", ColumnType.DATE_TIME, true, false, false, false, null, null),
        Column.of("deletedAt", ColumnType.DATE_TIME).asNullable());
    assertEquals(new Column("createdAt", ColumnType.DATE_TIME, false, false, false, false, Column.NOW, null), Column.implicitTimestamp("createdAt"));
    Column.Reference ref = new Column.Reference("notes", "id", KeyAction.CASCADE, null);
    assertEquals(new Column("noteId", ColumnType.INTEGER, false, true, false, true, null, ref),
        Column.of("noteId", ColumnType.INTEGER).asPrimaryKey().asUnique().withReferences(ref));
  }

  @Test
  void aColumnKnowsItsTypeAsTheEnum() {
    assertEquals(ColumnType.DATE_TIME, Column.implicitTimestamp("at").type());
  }
}
